import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.ts';
import { ShippingZones1796229407160 } from '../../migrations/1796229407160-ShippingZones.ts';
import { MIGRATION_OPTIONS } from '../../src/database/migration-options.js';
import { createTestDatabase } from '../support/test-database.js';

async function migrator(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  return new DataSource({ ...MIGRATION_OPTIONS, url, migrations, extra: { max: 1 } }).initialize();
}

describe('migration ShippingZones on rows made by the previous schema', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("turns each shop's shipping countries into one zone with no rate", async () => {
    const reset = await migrator(database.url, []);
    await reset.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await reset.destroy();
    const before = MIGRATIONS.indexOf(ShippingZones1796229407160);
    expect(before).toBeGreaterThan(0);
    const old = await migrator(database.url, MIGRATIONS.slice(0, before));
    await old.runMigrations();
    const [{ id: userId }] = await old.query<Array<{ id: string }>>(
      `INSERT INTO app_user (email, password_hash) VALUES ('old@example.com', 'x') RETURNING id`,
    );
    const shop = async (slug: string, languages: string[], countries: string[], ships: boolean) => {
      const [{ id }] = await old.query<Array<{ id: string }>>(
        `INSERT INTO shop (owner_user_id, name, slug, currency, country, time_zone, languages,
                           shipping_countries, ships_physical_goods)
         VALUES ($1, $2, $2, 'eur', 'FR', 'Europe/Paris', $3, $4, $5) RETURNING id`,
        [userId, slug, languages, countries, ships],
      );
      return id;
    };
    const fr = await shop('old-fr', ['fr', 'en'], ['FR', 'BE'], true);
    const en = await shop('old-en', ['en'], ['US', 'CA', 'UK'], true);
    await shop('old-digital', ['en'], [], false);
    await old.destroy();

    const now = await migrator(database.url, MIGRATIONS);
    await now.runMigrations();
    const zones = await now.query<Array<{ shop_id: string; name: string; countries: string[] }>>(
      'SELECT shop_id, name, countries FROM shipping_zone ORDER BY name',
    );
    expect(zones).toEqual([
      { shop_id: fr, name: 'Livraison', countries: ['FR', 'BE'] },
      // A legacy code Stripe refuses is kept for the merchant to see and fix.
      { shop_id: en, name: 'Shipping', countries: ['US', 'CA', 'UK'] },
    ]);
    expect(await now.query('SELECT count(*)::int AS n FROM shipping_rate')).toEqual([{ n: 0 }]);
    await now.destroy();
  });
});
