/**
 * Fast seeding for the benchmark: plain SQL, `INSERT … SELECT generate_series`, on the schema the
 * migrations made (columns from src/tenants, src/catalog and src/orders entities). Loaded by
 * Node's type stripping, so only erasable TypeScript here.
 */
import type pg from 'pg';

export interface BenchShop {
  id: string;
  slug: string;
  products: number;
  orders: number;
  /** The merchant owning the shop (dashboard log-in). */
  email: string;
}

export const BENCH_PASSWORD = 'bench-password-0123456789';

/** slug → products, orders. Every shop gets its own merchant, so the dashboard shows that shop. */
export const SHOPS = [
  { slug: 'big', products: 10_000, orders: 0 },
  { slug: 'small', products: 10, orders: 0 },
  { slug: 'cart', products: 24, orders: 0 },
  { slug: 'orders-big', products: 10, orders: 100_000 },
  { slug: 'orders-small', products: 10, orders: 100 },
  { slug: 'quiet', products: 0, orders: 0 },
] as const;

/** Seeds `only` (default: every shop of SHOPS) in one transaction. */
export async function seed(
  db: pg.Client,
  passwordHash: string,
  only: ReadonlyArray<(typeof SHOPS)[number]> = SHOPS,
): Promise<Map<string, BenchShop>> {
  const shops = new Map<string, BenchShop>();
  await db.query('BEGIN');
  for (const s of only) {
    const email = `${s.slug}@bench.test`;
    const user = await db.query<{ id: string }>(
      `INSERT INTO app_user (email, password_hash, role) VALUES ($1, $2, 'merchant') RETURNING id`,
      [email, passwordHash],
    );
    const shop = await db.query<{ id: string }>(
      `INSERT INTO shop (owner_user_id, name, slug, currency, country, time_zone, description, brand_colour)
       VALUES ($1, $2, $3, 'eur', 'FR', 'Europe/Paris', 'A benchmark shop', '#2a6f97') RETURNING id`,
      [user.rows[0].id, `Bench ${s.slug}`, s.slug],
    );
    const shopId = shop.rows[0].id;
    shops.set(s.slug, { id: shopId, slug: s.slug, products: s.products, orders: s.orders, email });
    if (s.products) await seedProducts(db, shopId, s.products);
    if (s.orders) await seedOrders(db, shopId, s.orders);
  }
  await db.query('COMMIT');
  await db.query('ANALYZE');
  return shops;
}

async function seedProducts(db: pg.Client, shopId: string, n: number): Promise<void> {
  await db.query(
    `INSERT INTO product (shop_id, name, description, price_amount, currency, stock, published,
                          sort_order, sync_state)
     SELECT $1, 'Product ' || g, 'A fine product number ' || g || E'.\nMade for the benchmark.',
            100 + (g * 37) % 9900, 'eur', CASE WHEN g % 10 = 0 THEN 0 ELSE NULL END, true, g, 'synced'
       FROM generate_series(1, $2::int) g`,
    [shopId, n],
  );
  // Each product without options sells as its one default variant.
  await db.query(
    `INSERT INTO product_variant (shop_id, product_id, price_amount, currency, stock)
     SELECT shop_id, id, price_amount, currency, stock FROM product WHERE shop_id = $1`,
    [shopId],
  );
  // One main image per product, so the page's LEFT JOIN LATERAL finds rows as in a real shop.
  await db.query(
    `INSERT INTO product_image (shop_id, product_id, path, content_type, width, height, byte_size, position)
     SELECT shop_id, id, 'bench/' || id || '.webp', 'image/webp', 800, 800, 40000, 0
       FROM product WHERE shop_id = $1`,
    [shopId],
  );
}

async function seedOrders(db: pg.Client, shopId: string, n: number): Promise<void> {
  await db.query(
    `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                             customer_email, created_at, updated_at, paid_at)
     SELECT $1, g, (ARRAY['paid','paid','paid','pending','expired','refunded'])[1 + g % 6], 'eur',
            1000 + (g * 13) % 20000, 80, 'shopper' || g || '@example.test',
            now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
            CASE WHEN g % 6 < 3 THEN now() - (g || ' minutes')::interval END
       FROM generate_series(1, $2::int) g`,
    [shopId, n],
  );
  await db.query(
    `INSERT INTO shop_order_item (shop_id, order_id, product_id, name, unit_amount, quantity)
     SELECT o.shop_id, o.id, gen_random_uuid(), 'Product ' || o.number, o.total_amount, 1
       FROM shop_order o WHERE o.shop_id = $1`,
    [shopId],
  );
  await db.query(`INSERT INTO shop_order_number (shop_id, last_number) VALUES ($1, $2)`, [shopId, n]);
}

/** Makes the database hold `total` shops: the seeded ones plus filler shops (no products). */
export async function setShopCount(db: pg.Client, total: number): Promise<void> {
  await db.query(`DELETE FROM shop WHERE slug LIKE 'filler-%'`);
  const n = total - (await countShops(db));
  if (n > 0) await addFillerShops(db, n);
  await db.query('ANALYZE shop');
}

async function addFillerShops(db: pg.Client, n: number): Promise<void> {
  const owner = await db.query<{ id: string }>(
    `INSERT INTO app_user (email, password_hash) VALUES ('filler@bench.test', 'x')
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
  );
  await db.query(
    `INSERT INTO shop (owner_user_id, name, slug, currency, country, time_zone)
     SELECT $1, 'Filler ' || g, 'filler-' || g, 'eur', 'FR', 'Europe/Paris' FROM generate_series(1, $2::int) g`,
    [owner.rows[0].id, n],
  );
}

export async function countShops(db: pg.Client): Promise<number> {
  const r = await db.query<{ n: string }>('SELECT count(*) AS n FROM shop');
  return Number(r.rows[0].n);
}
