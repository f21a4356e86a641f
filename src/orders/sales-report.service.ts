import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ShopContext } from '../tenants/shop-context.js';
import { PAID_STATUSES } from './order-status.js';
import { fillDays, salesChart, type DailySales, type SalesChart } from './sales-chart.js';

/**
 * Daily sales and platform fees of a shop: orders in a paid status (refunded ones included,
 * since they sold), in the shop's currency, by the UTC day they were paid.
 */
@Injectable()
export class SalesReportService {
  constructor(private readonly db: DataSource) {}

  /** `lang`: the merchant's language, for the chart's text (labels, money, counts). */
  async last30Days(shop: ShopContext, lang: string, now = new Date()): Promise<SalesChart> {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 29));
    const rows = await this.db.query<Array<{ day: string; sales: string; fees: string; orders: string }>>(
      `SELECT to_char(COALESCE(paid_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              SUM(total_amount) AS sales, SUM(application_fee_amount) AS fees, COUNT(*) AS orders
         FROM shop_order
        WHERE shop_id = $1 AND currency = $2 AND status = ANY($3)
          AND COALESCE(paid_at, created_at) >= $4
        GROUP BY 1`,
      [shop.id, shop.currency, PAID_STATUSES, start],
    );
    const days: DailySales[] = rows.map((r) => ({
      day: r.day,
      sales: Number(r.sales),
      fees: Number(r.fees),
      orders: Number(r.orders),
    }));
    return salesChart(fillDays(days, now), shop.currency, lang);
  }
}
