import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.ts';
import { ShopperLanguages1796212215277 } from '../../migrations/1796212215277-ShopperLanguages.ts';
import { MIGRATION_OPTIONS } from '../../src/database/migration-options.js';
import { createTestDatabase } from '../support/test-database.js';

/** A DataSource over `url` that knows only `migrations` (the schema as it was before them, say). */
async function migrator(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  return new DataSource({ ...MIGRATION_OPTIONS, url, migrations, extra: { max: 1 } }).initialize();
}

describe('migration ShopperLanguages on rows made by the previous schema', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('gives existing shops the languages of their country and existing orders English', async () => {
    // Back to an empty schema, then up to the migration before this one.
    const reset = await migrator(database.url, []);
    await reset.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await reset.destroy();
    const before = MIGRATIONS.indexOf(ShopperLanguages1796212215277);
    expect(before).toBeGreaterThan(0);
    const old = await migrator(database.url, MIGRATIONS.slice(0, before));
    await old.runMigrations();
    const [{ id: userId }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO app_user (email, password_hash) VALUES ('old@example.com', 'x') RETURNING id`,
    );
    const shops: Record<string, string> = {};
    for (const country of ['FR', 'BE', 'LU', 'MC', 'CH', 'CA', 'GB', 'DE', 'US']) {
      const [{ id }] = await old.query<Array<{ id: string }>>(
        `INSERT INTO shop (owner_user_id, name, slug, currency, country)
         VALUES ($1, $2, $3, 'eur', $4) RETURNING id`,
        [userId, `Old shop ${country}`, `old-${country.toLowerCase()}`, country],
      );
      shops[country] = id;
    }
    await old.query(
      `INSERT INTO shop_order (shop_id, number, currency, total_amount, application_fee_amount)
       VALUES ($1, 1, 'eur', 1000, 50)`,
      [shops.FR],
    );
    await old.destroy();

    const now = await migrator(database.url, MIGRATIONS);
    await now.runMigrations();
    const rows = await now.query<Array<{ country: string; languages: string[] }>>(
      'SELECT country, languages FROM shop ORDER BY country',
    );
    expect(Object.fromEntries(rows.map((r) => [r.country, r.languages]))).toEqual({
      BE: ['fr', 'en'],
      CA: ['en', 'fr'],
      CH: ['fr', 'en'],
      DE: ['en'],
      FR: ['fr', 'en'],
      GB: ['en'],
      LU: ['fr', 'en'],
      MC: ['fr', 'en'],
      US: ['en'],
    });
    // Placed on an English-only storefront: its shopper read English.
    expect(await now.query('SELECT language FROM shop_order')).toEqual([{ language: 'en' }]);
    await now.destroy();
  });
});
