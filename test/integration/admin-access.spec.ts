import request from 'supertest';
import { createAdmin, createMerchant, csrfFrom, loginAgent, platformHost } from '../factories/accounts.js';
import { appRoutes, auditCount, fillParams, insertStoredEvent } from '../factories/admin.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('admin routes: admins only, 404 for everyone else', () => {
  let t: TestApp;
  let params: Record<string, string>;
  let adminRoutes: Array<{ method: string; path: string; url: string }>;
  beforeAll(async () => {
    t = await createTestApp();
    const m = await createMerchant(t);
    await insertStoredEvent(t, { id: 'evt_access_1', status: 'dead' });
    params = { shopId: m.shop.id, userId: m.user.id, eventId: 'evt_access_1' };
    adminRoutes = appRoutes(t.app)
      .filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'))
      .map((r) => ({ ...r, url: fillParams(r.path, params) }));
  });
  afterAll(() => t.close());

  // Enough to make every action act, were it allowed to.
  const actionBody = { confirm: 'yes', reason: 'should never happen', eventId: 'evt_access_1', bps: '1' };

  it('finds the admin routes in the router', () => {
    const names = adminRoutes.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /admin',
        'GET /admin/shops',
        'GET /admin/shops/:shopId',
        'POST /admin/shops/:shopId/suspend',
        'POST /admin/shops/:shopId/resume',
        'POST /admin/shops/:shopId/fee-plan',
        'GET /admin/events',
        'GET /admin/events/:eventId',
        'POST /admin/events/replay',
        'GET /admin/users',
        'POST /admin/users/:userId/disable',
        'POST /admin/users/:userId/enable',
        'GET /admin/audit',
        'GET /admin/revenue',
        'GET /admin/revenue.csv',
      ]),
    );
    // Actions are POSTs only: no GET route changes anything.
    for (const r of adminRoutes) expect(['GET', 'POST']).toContain(r.method);
  });

  it('answers every admin route for an admin (GETs render, POSTs ask for confirmation)', async () => {
    const admin = await loginAgent(t, await createAdmin(t));
    for (const r of adminRoutes) {
      const res =
        r.method === 'GET' ? await admin.get(r.url) : await admin.post(r.url, { eventId: 'evt_access_1' });
      expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 200,
      });
    }
    expect(await auditCount(t)).toBe(0);
  });

  it('answers 404 to a logged-in merchant on every admin route, even with a valid CSRF token', async () => {
    const other = await createMerchant(t);
    const merchant = await loginAgent(t, other);
    for (const r of adminRoutes) {
      const res = r.method === 'GET' ? await merchant.get(r.url) : await merchant.post(r.url, actionBody);
      expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 404,
      });
      expect(res.text).not.toContain('Comptoir admin');
    }
    expect(await auditCount(t)).toBe(0);
    const [shop] = await t.db.query('SELECT suspended_at, fee_bps FROM shop WHERE id = $1', [params.shopId]);
    expect(shop).toEqual({ suspended_at: null, fee_bps: null });
  });

  it('answers 404 to an anonymous visitor on every admin route, even with a valid CSRF token', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.get('/login').set('Host', platformHost(t)).expect(200);
    const csrf = csrfFrom(login.text);
    for (const r of adminRoutes) {
      const res =
        r.method === 'GET'
          ? await agent.get(r.url).set('Host', platformHost(t))
          : await agent
              .post(r.url)
              .set('Host', platformHost(t))
              .type('form')
              .send({ _csrf: csrf, ...actionBody });
      expect({ route: `${r.method} ${r.url}`, status: res.status }).toEqual({
        route: `${r.method} ${r.url}`,
        status: 404,
      });
    }
    expect(await auditCount(t)).toBe(0);
  });

  it('answers 404 for the admin paths on a shop host', async () => {
    const m = await createMerchant(t);
    for (const r of adminRoutes.filter((x) => x.method === 'GET')) {
      await request(t.app.getHttpServer())
        .get(r.url)
        .set('Host', `${m.shop.slug}.${t.config.appDomain}:${t.config.port}`)
        .expect(404);
    }
  });
});
