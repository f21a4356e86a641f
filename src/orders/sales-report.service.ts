import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ShopContext } from '../tenants/shop-context.js';
import { calendarDayIn } from '../common/dates.js';
import { PAID_STATUSES } from './order-status.js';
import { fillDays, salesChart, type DailySales, type SalesChart } from './sales-chart.js';

/**
 * Daily sales and platform fees of a shop: orders in a paid status (refunded ones included,
 * since they sold), in the shop's currency, by the day they were paid in the shop's time zone
 * (an order paid at 23:30 UTC counts for the next day in Paris).
 */
@Injectable()
export class SalesReportService {
  constructor(private readonly db: DataSource) {}

  /** `lang`: the language of the chart's labels (the page's). */
  async last30Days(shop: ShopContext, lang: string, now = new Date()): Promise<SalesChart> {
    const today = new Date(`${calendarDayIn(now, shop.timeZone)}T00:00:00Z`);
    const firstDay = new Date(today.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    // The first day's midnight in the shop's zone bounds the scan, as an instant (the index's terms).
    const rows = await this.db.query<Array<{ day: string; sales: string; fees: string; orders: string }>>(
      `SELECT to_char(COALESCE(paid_at, created_at) AT TIME ZONE $5, 'YYYY-MM-DD') AS day,
              SUM(total_amount) AS sales, SUM(application_fee_amount) AS fees, COUNT(*) AS orders
         FROM shop_order
        WHERE shop_id = $1 AND currency = $2 AND status = ANY($3)
          AND COALESCE(paid_at, created_at) >= ($4::date)::timestamp AT TIME ZONE $5
        GROUP BY 1`,
      [shop.id, shop.currency, PAID_STATUSES, firstDay, shop.timeZone],
    );
    const days: DailySales[] = rows.map((r) => ({
      day: r.day,
      sales: Number(r.sales),
      fees: Number(r.fees),
      orders: Number(r.orders),
    }));
    return salesChart(fillDays(days, today), shop.currency, lang);
  }
}
