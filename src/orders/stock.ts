import type { EntityManager } from 'typeorm';

export interface StockLine {
  productId: string;
  /** The variant whose units move; null (rows older than variants) = the product's default one. */
  variantId: string | null;
  quantity: number;
}

/** Product, then variant: the order every path that changes stock takes its row locks in. */
const byProductThenVariant = (a: StockLine, b: StockLine) =>
  a.productId.localeCompare(b.productId) || (a.variantId ?? '').localeCompare(b.variantId ?? '');

/** The variant a line names, or its product's default one (no option values). */
const variantOfLine = (p: string) =>
  `(CASE WHEN ${p}::uuid IS NOT NULL THEN id = ${p}::uuid ELSE cardinality(option_values) = 0 AND archived_at IS NULL END)`;

/**
 * Holds stock for an order's lines, in the caller's transaction. Stock lives on the variant:
 * each counted variant is taken with one conditional UPDATE (`stock >= n`), so two checkouts
 * can never both take its last unit. The product's summary stock (counted only when all its
 * sellable variants are) moves first, which also locks its row: products (then variants) are
 * taken in id order, as merchant edits take the product before its variants, so concurrent
 * multi-line carts and edits cannot deadlock. Returns the first line that could not be had
 * (the transaction must then roll back, summary included), or null. Variants with unlimited
 * stock (null) are skipped.
 */
export async function reserveStock(
  manager: EntityManager,
  shopId: string,
  lines: readonly StockLine[],
): Promise<StockLine | null> {
  for (const line of [...lines].sort(byProductThenVariant)) {
    await moveProductStock(manager, shopId, line.productId, -line.quantity);
    const [rows] = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE product_variant SET stock = stock - $3
        WHERE product_id = $1 AND shop_id = $2 AND ${variantOfLine('$4')}
          AND stock IS NOT NULL AND stock >= $3
        RETURNING id`,
      [line.productId, shopId, line.quantity, line.variantId],
    );
    if (rows.length) continue;
    const left = await variantStock(manager, shopId, line);
    if (left !== null && left !== undefined) return line;
    // Unlimited: the product's summary is null too, so nothing moved above.
  }
  return null;
}

/**
 * Gives held or sold units back (expiry, failed payment, restock), in the caller's transaction.
 * The product is locked first (see reserveStock); its summary follows only a variant that is
 * still for sale (an archived or switched-off one is not in it).
 */
export async function releaseStock(manager: EntityManager, shopId: string, lines: readonly StockLine[]) {
  for (const line of [...lines].sort(byProductThenVariant)) {
    await manager.query(`SELECT id FROM product WHERE id = $1 AND shop_id = $2 FOR UPDATE`, [
      line.productId,
      shopId,
    ]);
    const [rows] = await manager.query<[Array<{ sellable: boolean }>, number]>(
      `UPDATE product_variant SET stock = stock + $3
        WHERE product_id = $1 AND shop_id = $2 AND ${variantOfLine('$4')} AND stock IS NOT NULL
        RETURNING (active AND archived_at IS NULL) AS sellable`,
      [line.productId, shopId, line.quantity, line.variantId],
    );
    if (rows[0]?.sellable) await moveProductStock(manager, shopId, line.productId, line.quantity);
  }
}

/** The units a variant has left (null = unlimited, undefined = no such variant). */
export async function variantStock(
  manager: EntityManager,
  shopId: string,
  line: Pick<StockLine, 'productId' | 'variantId'>,
): Promise<number | null | undefined> {
  const [row] = await manager.query<Array<{ stock: number | null }>>(
    `SELECT stock FROM product_variant WHERE product_id = $1 AND shop_id = $2 AND ${variantOfLine('$3')}`,
    [line.productId, shopId, line.variantId],
  );
  return row ? row.stock : undefined;
}

/** The product's summary (total of its variants; null while one is unlimited) follows its variants. */
async function moveProductStock(manager: EntityManager, shopId: string, productId: string, delta: number) {
  await manager.query(
    `UPDATE product SET stock = stock + $3 WHERE id = $1 AND shop_id = $2 AND stock IS NOT NULL`,
    [productId, shopId, delta],
  );
}
