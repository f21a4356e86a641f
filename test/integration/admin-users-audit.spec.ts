import { createAdmin, createMerchant, loginAgent, type LoggedInAgent } from '../factories/accounts.js';
import { auditCount } from '../factories/admin.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('admin: users and the audit log', () => {
  let t: TestApp;
  let admin: LoggedInAgent;
  let adminUser: { email: string; password: string };
  beforeAll(async () => {
    t = await createTestApp();
    adminUser = await createAdmin(t);
    admin = await loginAgent(t, adminUser);
  });
  afterAll(() => t.close());

  it('disables a user: their open session ends at once, log-in is refused, one audit entry; enable restores', async () => {
    const m = await createMerchant(t);
    const merchant = await loginAgent(t, m);
    await merchant.get('/dashboard').expect(200);

    const confirm = await admin.post(`/admin/users/${m.user.id}/disable`).expect(200);
    expect(confirm.text).toContain(`Disable ${m.email}`);
    await merchant.get('/dashboard').expect(200); // nothing happened yet
    await admin.post(`/admin/users/${m.user.id}/disable`, { confirm: 'yes' }).expect(303);

    await merchant
      .get('/dashboard')
      .expect(303)
      .expect('Location', /^\/login/);
    expect(
      await t.db.query('SELECT count(*)::int AS n FROM http_session WHERE user_id = $1', [m.user.id]),
    ).toEqual([{ n: 0 }]);
    await expect(loginAgent(t, m)).rejects.toThrow();
    const list = await admin.get(`/admin/users?q=${encodeURIComponent(m.email)}`).expect(200);
    expect(list.text).toContain('disabled');

    await admin.post(`/admin/users/${m.user.id}/enable`, { confirm: 'yes' }).expect(303);
    const again = await loginAgent(t, m);
    await again.get('/dashboard').expect(200);

    const entries = await t.db.query(
      'SELECT action, before, after FROM audit_entry WHERE target_id = $1 ORDER BY id',
      [m.user.id],
    );
    expect(entries).toEqual([
      {
        action: 'user.disable',
        before: expect.objectContaining({ disabledAt: null }),
        after: expect.objectContaining({ disabledAt: expect.any(String) }),
      },
      {
        action: 'user.enable',
        before: expect.objectContaining({ disabledAt: expect.any(String) }),
        after: expect.objectContaining({ disabledAt: null }),
      },
    ]);
  });

  it('refuses to let an admin disable themself, and writes nothing', async () => {
    const me = (await t.db.query('SELECT id FROM app_user WHERE email = $1', [adminUser.email]))[0] as {
      id: string;
    };
    const before = await auditCount(t);
    const res = await admin.post(`/admin/users/${me.id}/disable`, { confirm: 'yes' }).expect(409);
    expect(res.text).toContain('You cannot disable your own account');
    await admin.get('/admin').expect(200);
    expect(await auditCount(t)).toBe(before);
  });

  it('a session of an already disabled user is refused at its next request even if its row survived', async () => {
    const m = await createMerchant(t);
    const merchant = await loginAgent(t, m);
    // Disabled behind the admin's back (another tool): the session rows are still there.
    await t.db.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [m.user.id]);
    await merchant
      .get('/dashboard')
      .expect(303)
      .expect('Location', /^\/login/);
  });

  it('shows the audit log, filtered by action, actor, shop and dates, newest first', async () => {
    const m = await createMerchant(t, { shopName: 'Audited Shop' });
    const otherAdmin = await createAdmin(t, 'second-admin@example.com');
    const other = await loginAgent(t, otherAdmin);
    await admin
      .post(`/admin/shops/${m.shop.id}/suspend`, { confirm: 'yes', reason: 'Fraud review' })
      .expect(303);
    await other
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { confirm: 'yes', bps: '300', fixed: '' })
      .expect(303);

    const rows = async (query: string) =>
      ((await admin.get(`/admin/audit?${query}`).expect(200)).text.match(/data-testid='audit-row'/g) ?? [])
        .length;
    const page = await admin.get(`/admin/audit?shop=${m.shop.slug}`).expect(200);
    expect(page.text.indexOf('shop.fee_plan')).toBeLessThan(page.text.indexOf('shop.suspend'));
    expect(page.text).toContain('Fraud review');
    expect(await rows(`shop=${m.shop.slug}`)).toBe(2);
    expect(await rows(`shop=${m.shop.id}&action=shop.suspend`)).toBe(1);
    expect(await rows(`shop=${m.shop.id}&actor=second-admin`)).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(await rows(`shop=${m.shop.id}&from=${today}&to=${today}`)).toBe(2);
    expect(await rows(`shop=${m.shop.id}&to=2000-01-01`)).toBe(0);
    expect(await rows('shop=no-such-shop')).toBe(0);
    // Read-only: there is no route that changes an entry.
    await admin.post('/admin/audit', {}).expect(404);
  });
});
