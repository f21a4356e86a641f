import type { EntityManager } from 'typeorm';

export interface StockLine {
  productId: string;
  quantity: number;
}

/**
 * Holds stock for an order's lines, in the caller's transaction. Each counted product is taken
 * with one conditional UPDATE (`stock >= n`), so two checkouts can never both take the last
 * unit; products are locked in id order so that concurrent multi-line carts cannot deadlock.
 * Returns the first line that could not be had (the transaction must then roll back), or null.
 * Products with unlimited stock (null) are skipped.
 */
export async function reserveStock(
  manager: EntityManager,
  shopId: string,
  lines: readonly StockLine[],
): Promise<StockLine | null> {
  for (const line of [...lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
    const [rows] = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE product SET stock = stock - $3
        WHERE id = $1 AND shop_id = $2 AND stock IS NOT NULL AND stock >= $3
        RETURNING id`,
      [line.productId, shopId, line.quantity],
    );
    if (rows.length) continue;
    const [counted] = await manager.query<Array<{ stock: number | null }>>(
      `SELECT stock FROM product WHERE id = $1 AND shop_id = $2`,
      [line.productId, shopId],
    );
    if (counted && counted.stock !== null) return line;
  }
  return null;
}

/** Gives an order's held stock back (expiry, failed payment), in the caller's transaction. */
export async function releaseStock(manager: EntityManager, shopId: string, lines: readonly StockLine[]) {
  for (const line of [...lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
    await manager.query(
      `UPDATE product SET stock = stock + $3 WHERE id = $1 AND shop_id = $2 AND stock IS NOT NULL`,
      [line.productId, shopId, line.quantity],
    );
  }
}
