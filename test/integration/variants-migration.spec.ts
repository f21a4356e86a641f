import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.ts';
import { ProductVariants1796224340081 } from '../../migrations/1796224340081-ProductVariants.ts';
import { MIGRATION_OPTIONS } from '../../src/database/migration-options.js';
import { createTestDatabase } from '../support/test-database.js';

/** A DataSource over `url` that knows only `migrations` (the schema as it was before them, say). */
async function migrator(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  return new DataSource({ ...MIGRATION_OPTIONS, url, migrations, extra: { max: 1 } }).initialize();
}

describe('migration ProductVariants on rows made by the previous schema', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('gives every product one default variant with its price, stock and Stripe ids, and points order lines at it', async () => {
    const reset = await migrator(database.url, []);
    await reset.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await reset.destroy();
    const before = MIGRATIONS.indexOf(ProductVariants1796224340081);
    expect(before).toBeGreaterThan(0);
    const old = await migrator(database.url, MIGRATIONS.slice(0, before));
    await old.runMigrations();
    const [{ id: userId }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO app_user (email, password_hash) VALUES ('old@example.com', 'x') RETURNING id`,
    );
    const [{ id: shopId }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO shop (owner_user_id, name, slug, currency, country, time_zone)
       VALUES ($1, 'Old shop', 'old-shop', 'eur', 'FR', 'Europe/Paris') RETURNING id`,
      [userId],
    );
    const [{ id: counted }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO product (shop_id, name, price_amount, currency, stock, published, stripe_product_id,
                            stripe_price_id, stripe_price_amount, sync_state)
       VALUES ($1, 'Mug', 1200, 'eur', 3, true, 'prod_old', 'price_old', 1200, 'synced') RETURNING id`,
      [shopId],
    );
    const [{ id: unlimited }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO product (shop_id, name, price_amount, currency, stock, archived_at)
       VALUES ($1, 'Poster', 800, 'eur', NULL, now()) RETURNING id`,
      [shopId],
    );
    const [{ id: orderId }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO shop_order (shop_id, number, currency, total_amount, application_fee_amount, stock_reserved)
       VALUES ($1, 1, 'eur', 3200, 50, true) RETURNING id`,
      [shopId],
    );
    await old.query(
      `INSERT INTO shop_order_item (shop_id, order_id, product_id, name, unit_amount, quantity, stripe_price_id)
       VALUES ($1, $2, $3, 'Mug', 1200, 2, 'price_old'), ($1, $2, $4, 'Poster', 800, 1, NULL)`,
      [shopId, orderId, counted, unlimited],
    );
    await old.destroy();

    const now = await migrator(database.url, MIGRATIONS);
    await now.runMigrations();
    const variants = await now.query<Array<Record<string, unknown>>>(
      `SELECT product_id, option_values, price_amount, currency, stock, active, archived_at,
              stripe_product_id, stripe_price_id, stripe_price_amount
         FROM product_variant WHERE shop_id = $1 ORDER BY price_amount DESC`,
      [shopId],
    );
    expect(variants).toEqual([
      {
        product_id: counted,
        option_values: [],
        price_amount: 1200,
        currency: 'eur',
        stock: 3,
        active: true,
        archived_at: null,
        stripe_product_id: 'prod_old',
        stripe_price_id: 'price_old',
        stripe_price_amount: 1200,
      },
      {
        product_id: unlimited,
        option_values: [],
        price_amount: 800,
        currency: 'eur',
        stock: null,
        active: true,
        archived_at: null,
        stripe_product_id: null,
        stripe_price_id: null,
        stripe_price_amount: null,
      },
    ]);
    const lines = await now.query<Array<{ name: string; same: boolean; restocked_quantity: number }>>(
      `SELECT i.name, i.variant_id = v.id AS same, i.restocked_quantity
         FROM shop_order_item i JOIN product_variant v ON v.product_id = i.product_id
        ORDER BY i.name`,
    );
    expect(lines).toEqual([
      { name: 'Mug', same: true, restocked_quantity: 0 },
      { name: 'Poster', same: true, restocked_quantity: 0 },
    ]);
    // Nothing of the product rows was lost.
    expect(
      await now.query(`SELECT name, price_amount, stock FROM product WHERE shop_id = $1 ORDER BY name`, [
        shopId,
      ]),
    ).toEqual([
      { name: 'Mug', price_amount: 1200, stock: 3 },
      { name: 'Poster', price_amount: 800, stock: null },
    ]);
    await now.destroy();
  });
});
