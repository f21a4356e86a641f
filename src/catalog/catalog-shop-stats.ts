import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShopStatsSource } from '../tenants/shop-extensions.js';
import type { ShopStats } from '../tenants/shop-stats.js';

/** The catalog's part of the admin's shop page: products not archived (drafts included). */
@Injectable()
export class CatalogShopStats {
  constructor(private readonly db: DataSource) {}

  @ShopStatsSource()
  async statsFor(shopId: string): Promise<ShopStats> {
    const [row] = await this.db.query<Array<{ products: string }>>(
      'SELECT COUNT(*) AS products FROM product WHERE shop_id = $1 AND archived_at IS NULL',
      [shopId],
    );
    return { products: Number(row.products) };
  }
}
