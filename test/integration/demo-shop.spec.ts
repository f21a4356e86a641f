import { loadConfig } from '../../src/config/app-config.js';
import { DEMO_MERCHANT_EMAIL, ensureDemoShop } from '../../src/demo/demo-shop.js';
import { createMerchant, loginAgent } from '../factories/accounts.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';

describe('the offline demo shop: made once, on an empty database, under the migrations’ lock', () => {
  let a: StripeApp;
  let b: StripeApp;
  beforeAll(async () => {
    a = await stripeApp({ env: { DEMO_SHOP: 'true' } });
    // A second process on the same database and emulator, with a data dir of its own.
    b = await stripeApp({ sharing: a, sameDatabase: true, env: { DEMO_SHOP: 'true' } });
  }, 120_000);

  it('two processes starting at once on the same empty database make exactly one demo shop', async () => {
    const logins = await Promise.all([ensureDemoShop(a.t.app), ensureDemoShop(b.t.app)]);
    const db = a.t.db;
    const count = async (sql: string) => (await db.query<Array<{ n: number }>>(sql))[0].n;
    expect(await count('SELECT count(*)::int AS n FROM shop')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM product WHERE published`)).toBe(12);
    expect(await count('SELECT count(*)::int AS n FROM product_image')).toBe(12);
    expect(await count(`SELECT count(*)::int AS n FROM shop_page WHERE body <> ''`)).toBe(5);
    const collections = await db.query<Array<{ title: string; handle: string; products: string[] }>>(
      `SELECT c.title, c.handle,
              array(SELECT p.name FROM collection_product cp JOIN product p ON p.id = cp.product_id
                     WHERE cp.collection_id = c.id ORDER BY cp.position) AS products
         FROM collection c ORDER BY c.title`,
    );
    expect(collections).toEqual([
      {
        title: 'Gifts',
        handle: 'gifts',
        products: ['Beeswax candle', 'Cotton tote bag', 'Herb seeds set', 'Notebook'],
      },
      {
        title: 'Tableware',
        handle: 'tableware',
        products: ['Stoneware mug', 'Enamel teapot', 'Ceramic bowl', 'Glass carafe', 'Oak cutting board'],
      },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM shop_order WHERE status = 'paid'`)).toBe(1);
    const [shop] = await db.query<
      Array<{ slug: string; stripe_charges_enabled: boolean; published_pages: string[] }>
    >('SELECT slug, stripe_charges_enabled, published_pages FROM shop');
    expect(shop).toMatchObject({ slug: 'demo', stripe_charges_enabled: true });
    expect(shop.published_pages).toHaveLength(5);

    // Both report it; the one that made it knows the password (in its data dir).
    expect(logins.map((l) => l?.email)).toEqual([DEMO_MERCHANT_EMAIL, DEMO_MERCHANT_EMAIL]);
    expect(logins[0]!.storefrontUrl).toBe(`http://demo.localhost:${a.t.config.port}`);
    const passwords = logins.map((l) => l!.password).filter((p): p is string => p !== null);
    expect(passwords).toHaveLength(1);
    const maker = logins[0]!.password ? a : b;
    const agent = await loginAgent(maker.t, { email: DEMO_MERCHANT_EMAIL, password: passwords[0] });
    expect((await agent.get('/dashboard').expect(200)).text).toContain('Comptoir Demo');

    // A later start finds it made, and makes nothing more.
    expect((await ensureDemoShop(maker.t.app))?.password).toBe(passwords[0]);
    expect(await count('SELECT count(*)::int AS n FROM shop')).toBe(1);
  }, 180_000);

  it('a database that already has a shop gets no demo shop; DEMO_SHOP=false and Stripe keys turn it off', async () => {
    const other = await stripeApp({ env: { DEMO_SHOP: 'true' }, webhooks: false });
    await createMerchant(other.t);
    expect(await ensureDemoShop(other.t.app)).toBeNull();
    const [{ n }] = await other.t.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM shop WHERE slug = 'demo'`,
    );
    expect(n).toBe(0);

    const base = { NODE_ENV: 'test', DATA_DIR: other.t.config.dataDir };
    expect(loadConfig(base).demoShop).toBe(true);
    expect(loadConfig({ ...base, DEMO_SHOP: 'false' }).demoShop).toBe(false);
    expect(
      loadConfig({
        ...base,
        DEMO_SHOP: 'true',
        STRIPE_SECRET_KEY: 'sk_test_abc',
        SESSION_SECRET: 'x'.repeat(40),
      }).demoShop,
    ).toBe(false);
  }, 120_000);
});
