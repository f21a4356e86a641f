import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShopStatsSource } from '../tenants/shop-extensions.js';
import type { ShopStats } from '../tenants/shop-stats.js';
import { PAID_STATUSES } from './order-status.js';

/**
 * The orders' part of the admin's shop page: orders that sold (paid, partially refunded,
 * refunded), their gross sales and the platform's fees net of refunded fees, per currency.
 */
@Injectable()
export class OrderShopStats {
  constructor(private readonly db: DataSource) {}

  @ShopStatsSource()
  async statsFor(shopId: string): Promise<ShopStats> {
    const rows = await this.db.query<
      Array<{ currency: string; orders: string; sales: string; fees: string }>
    >(
      `SELECT currency, COUNT(*) AS orders, SUM(total_amount) AS sales,
              SUM(application_fee_amount - fee_refunded_amount) AS fees
         FROM shop_order
        WHERE shop_id = $1 AND status = ANY($2)
        GROUP BY currency
        ORDER BY currency`,
      [shopId, PAID_STATUSES],
    );
    return {
      orders: rows.reduce((n, r) => n + Number(r.orders), 0),
      sales: rows.map((r) => ({ amount: Number(r.sales), currency: r.currency })),
      fees: rows.map((r) => ({ amount: Number(r.fees), currency: r.currency })),
    };
  }
}
