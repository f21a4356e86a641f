import type { EntityManager } from 'typeorm';

/**
 * Copies what the storefront's lists show of a product from its sellable variants (active, not
 * archived) onto the product row, in the caller's transaction: the lowest price and the total
 * stock (null while one of them is unlimited). A product without sellable variants keeps its
 * price and shows sold out. Call it after any change to a product's variants' price or stock
 * made outside `reserveStock`/`releaseStock` (which move the total themselves).
 */
export async function refreshProductSummary(
  manager: EntityManager,
  shopId: string,
  productId: string,
): Promise<void> {
  await manager.query(
    `UPDATE product p
        SET price_amount = coalesce(s.price, p.price_amount),
            stock = CASE WHEN s.n = 0 THEN 0 WHEN s.unlimited THEN NULL ELSE s.total END
       FROM (SELECT min(price_amount) AS price, count(*)::int AS n, bool_or(stock IS NULL) AS unlimited,
                    sum(stock)::int AS total
               FROM product_variant
              WHERE shop_id = $1 AND product_id = $2 AND active AND archived_at IS NULL) s
      WHERE p.id = $2 AND p.shop_id = $1`,
    [shopId, productId],
  );
}

/** The default variant of a product without options: made with it, updated by its form. */
export async function saveDefaultVariant(
  manager: EntityManager,
  product: { id: string; shopId: string; priceAmount: number; currency: string; stock: number | null },
): Promise<void> {
  const [, updated] = await manager.query<[unknown, number]>(
    `UPDATE product_variant SET price_amount = $3, stock = $4, currency = $5, updated_at = now()
      WHERE shop_id = $1 AND product_id = $2 AND cardinality(option_values) = 0 AND archived_at IS NULL`,
    [product.shopId, product.id, product.priceAmount, product.stock, product.currency],
  );
  if (updated) return;
  await manager.query(
    `INSERT INTO product_variant (shop_id, product_id, position, option_values, price_amount, currency, stock)
     SELECT $1, $2, 0, '{}', $3, $5, $4
      WHERE NOT EXISTS (SELECT 1 FROM product_option WHERE shop_id = $1 AND product_id = $2)`,
    [product.shopId, product.id, product.priceAmount, product.stock, product.currency],
  );
}
