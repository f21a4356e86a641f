import request from 'supertest';
import { CacheInvalidation } from '../../src/database/cache-invalidation.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  shopHost,
  type LoggedInAgent,
} from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Polls `check` every 50 ms until it holds; the elapsed milliseconds, or a failure after `withinMs`. */
async function within(withinMs: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

// Two app processes (as behind a load balancer) on one database, each with its own shop cache,
// trusted for ten minutes: only the NOTIFY can make B see what A changed.
describe('shop cache shared by two app processes', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: LoggedInAgent;
  const env = { SHOP_CACHE_TTL_MS: '600000' };
  beforeAll(async () => {
    a = await createTestApp({ env });
    b = await createTestApp({ env, databaseUrl: a.databaseUrl });
    admin = await loginAgent(a, await createAdmin(a));
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const storefrontOn = (app: TestApp, slug: string) =>
    request(app.app.getHttpServer()).get('/').set('Host', shopHost(app, slug));
  const statusOn = async (app: TestApp, slug: string) => (await storefrontOn(app, slug)).status;
  const suspendInA = (shopId: string) =>
    admin.post(`/admin/shops/${shopId}/suspend`, { confirm: 'yes', reason: 'Unpaid invoices' }).expect(303);
  const resumeInA = (shopId: string) =>
    admin.post(`/admin/shops/${shopId}/resume`, { confirm: 'yes' }).expect(303);

  it('B shows a suspension made in A within seconds, and the resumption too', async () => {
    const m = await createMerchant(a);
    // B caches the open shop.
    await storefrontOn(b, m.shop.slug).expect(200);
    await storefrontOn(b, m.shop.slug).expect(200);

    await suspendInA(m.shop.id);
    const seenAfter = await within(
      5000,
      'suspension on B',
      async () => (await statusOn(b, m.shop.slug)) === 503,
    );
    expect(seenAfter).toBeLessThan(5000);
    await resumeInA(m.shop.id);
    await within(5000, 'resumption on B', async () => (await statusOn(b, m.shop.slug)) === 200);
  });

  it('B serves a shop created in A after having cached "no shop" at its address', async () => {
    const slug = `late-${Date.now().toString(36)}`;
    await storefrontOn(b, slug).expect(404);
    await createMerchant(a, { slug });
    await within(5000, 'new shop on B', async () => (await statusOn(b, slug)) === 200);
  });

  it('B re-subscribes after its listening connection is killed, and still sees changes', async () => {
    const listener = b.app.get(CacheInvalidation);
    const killed = listener.listenerPid;
    expect(killed).toEqual(expect.any(Number));
    const m = await createMerchant(a);
    await storefrontOn(b, m.shop.slug).expect(200);

    const [{ terminated }] = await a.db.query<Array<{ terminated: boolean }>>(
      'SELECT pg_terminate_backend($1) AS terminated',
      [killed],
    );
    expect(terminated).toBe(true);
    await within(5000, 'B listening again', () =>
      Promise.resolve(listener.listenerPid !== null && listener.listenerPid !== killed),
    );

    await suspendInA(m.shop.id);
    await within(
      5000,
      'suspension on B after the reconnect',
      async () => (await statusOn(b, m.shop.slug)) === 503,
    );
  });
});
