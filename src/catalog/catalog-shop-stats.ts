import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShopStatsRegistry, type ShopStats, type ShopStatsSource } from '../tenants/shop-stats.js';

/** The catalog's part of the admin's shop page: products not archived (drafts included). */
@Injectable()
export class CatalogShopStats implements ShopStatsSource, OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly registry: ShopStatsRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async statsFor(shopId: string): Promise<ShopStats> {
    const [row] = await this.db.query<Array<{ products: string }>>(
      'SELECT COUNT(*) AS products FROM product WHERE shop_id = $1 AND archived_at IS NULL',
      [shopId],
    );
    return { products: Number(row.products) };
  }
}
