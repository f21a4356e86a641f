import { Injectable } from '@nestjs/common';

/** An amount in one currency: totals are never summed across currencies. */
export interface MoneyTotal {
  readonly amount: number;
  readonly currency: string;
}

/**
 * Figures about a shop that other modules own. Each part is optional: a module fills what it
 * knows (the catalog the product count, checkout the orders, sales and fees) and the admin shows
 * "—" for what nobody provides yet.
 */
export interface ShopStats {
  products?: number;
  orders?: number;
  /** Gross sales, per currency. */
  sales?: MoneyTotal[];
  /** Application fees net of refunded fees, per currency. */
  fees?: MoneyTotal[];
}

export interface ShopStatsSource {
  statsFor(shopId: string): Promise<ShopStats>;
}

/**
 * Where modules plug their ShopStatsSource in, without the admin (or tenants) depending on them:
 * a provider calls `registry.register(this)` in its onModuleInit. This is the "SHOP_STATS"
 * extension point of the admin's shop page.
 */
@Injectable()
export class ShopStatsRegistry {
  private readonly sources: ShopStatsSource[] = [];

  register(source: ShopStatsSource): void {
    this.sources.push(source);
  }

  /** Every source's figures, merged; a later source fills only what earlier ones left out. */
  async statsFor(shopId: string): Promise<ShopStats> {
    const parts = await Promise.all(this.sources.map((s) => s.statsFor(shopId)));
    const merged: ShopStats = {};
    for (const part of parts) {
      for (const [key, value] of Object.entries(part) as Array<[keyof ShopStats, never]>) {
        if (merged[key] === undefined && value !== undefined) merged[key] = value;
      }
    }
    return merged;
  }
}
