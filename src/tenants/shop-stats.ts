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

/**
 * The parts of a shop's figures merged in order; a later part fills only what earlier ones left
 * out. The parts come from the `@ShopStatsSource()` methods (shop-extensions.ts).
 */
export function mergeShopStats(parts: readonly ShopStats[]): ShopStats {
  const merged: ShopStats = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part) as Array<[keyof ShopStats, never]>) {
      if (merged[key] === undefined && value !== undefined) merged[key] = value;
    }
  }
  return merged;
}
