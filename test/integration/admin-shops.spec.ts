import request from 'supertest';
import { FeePlanService } from '../../src/tenants/fee-plan.service.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  shopHost,
  type LoggedInAgent,
} from '../factories/accounts.js';
import { auditCount } from '../factories/admin.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type AuditRow = {
  action: string;
  actor_email: string;
  shop_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
};

describe('admin: shops', () => {
  let t: TestApp;
  let admin: LoggedInAgent;
  let adminEmail: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { PLATFORM_FEE_BPS: '500', PLATFORM_FEE_FIXED: 'eur:25,usd:30' } });
    const a = await createAdmin(t);
    adminEmail = a.email;
    admin = await loginAgent(t, a);
  });
  afterAll(() => t.close());

  const storefront = (slug: string) => request(t.app.getHttpServer()).get('/').set('Host', shopHost(t, slug));
  const auditFor = (shopId: string): Promise<AuditRow[]> =>
    t.db.query('SELECT * FROM audit_entry WHERE shop_id = $1 ORDER BY id', [shopId]);

  it('suspends with a confirmed reason: storefront unavailable, dashboard banner; resume restores', async () => {
    const m = await createMerchant(t, { shopName: 'Bakery Alpha' });
    const merchant = await loginAgent(t, m);
    // Warm this process's shop cache: the suspension must still show at once.
    await storefront(m.shop.slug).expect(200);

    // The first POST only asks for confirmation, and a reason is required.
    const confirm = await admin.post(`/admin/shops/${m.shop.id}/suspend`).expect(200);
    expect(confirm.text).toContain('Please confirm');
    expect(confirm.text).toContain("name='confirm' value='yes'");
    const noReason = await admin
      .post(`/admin/shops/${m.shop.id}/suspend`, { confirm: 'yes', reason: ' ' })
      .expect(422);
    expect(noReason.text).toContain('Give the reason');
    expect(await auditCount(t, 'shop_id = $1', [m.shop.id])).toBe(0);
    await storefront(m.shop.slug).expect(200);

    await admin
      .post(`/admin/shops/${m.shop.id}/suspend`, {
        confirm: 'yes',
        reason: 'Unpaid invoices <b>since May</b>',
      })
      .expect(303)
      .expect('Location', `/admin/shops/${m.shop.id}?done=suspended`);
    const unavailable = await storefront(m.shop.slug).expect(503);
    expect(unavailable.text).toContain('This shop is unavailable');
    const dashboard = await merchant.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('Your shop is suspended');
    // The reason is shown, escaped.
    expect(dashboard.text).toContain('Unpaid invoices &lt;b&gt;since May&lt;/b&gt;');
    expect((await merchant.get('/dashboard/settings').expect(200)).text).toContain('Your shop is suspended');
    const detail = await admin.get(`/admin/shops/${m.shop.id}`).expect(200);
    expect(detail.text).toContain('Suspended since');

    await admin.post(`/admin/shops/${m.shop.id}/resume`).expect(200);
    await admin.post(`/admin/shops/${m.shop.id}/resume`, { confirm: 'yes' }).expect(303);
    await storefront(m.shop.slug).expect(200);
    expect((await merchant.get('/dashboard').expect(200)).text).not.toContain('Your shop is suspended');

    const entries = await auditFor(m.shop.id);
    expect(entries.map((e) => e.action)).toEqual(['shop.suspend', 'shop.resume']);
    expect(entries[0]).toMatchObject({
      actor_email: adminEmail,
      reason: 'Unpaid invoices <b>since May</b>',
      before: { suspendedAt: null, suspendedReason: null },
      after: { suspendedReason: 'Unpaid invoices <b>since May</b>', suspendedAt: expect.any(String) },
    });
    expect(entries[1]).toMatchObject({
      before: { suspendedReason: 'Unpaid invoices <b>since May</b>' },
      after: { suspendedAt: null },
    });
  });

  it('shows the suspension on the storefront within the cache TTL when another process suspends', async () => {
    const m = await createMerchant(t);
    const tenants = t.app.get(TenantService);
    await storefront(m.shop.slug).expect(200);
    // Another process's change: the row changes, this process's cache is not told.
    await t.db.query(`UPDATE shop SET suspended_at = now(), suspended_reason = 'x' WHERE id = $1`, [
      m.shop.id,
    ]);
    const shop = await tenants.findBySlug(m.shop.slug);
    expect(shop?.suspended).toBe(false); // still cached...
    const realNow = Date.now;
    Date.now = () => realNow() + 5_001; // ...but not for longer than SHOP_CACHE_TTL_MS
    try {
      expect((await tenants.findBySlug(m.shop.slug))?.suspended).toBe(true);
    } finally {
      Date.now = realNow;
    }
  });

  it('overrides the fee plan (validated, confirmed, audited); blank restores the platform default', async () => {
    const m = await createMerchant(t);
    const fees = t.app.get(FeePlanService);
    const planOf = async () => fees.planFor((await t.app.get(TenantService).findOwnedShop(m.user.id))!);
    expect(await planOf()).toEqual({ bps: 500, fixed: { eur: 25, usd: 30 } });

    const bad = await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '10001', fixed: 'eur:abc' })
      .expect(422);
    expect(bad.text).toContain('Enter whole basis points from 0 to 10000');
    expect(bad.text).toContain('Write currency:amount');
    await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '250', fixed: 'xxx:1', confirm: 'yes' })
      .expect(422);

    const confirm = await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '250', fixed: 'eur:10' })
      .expect(200);
    expect(confirm.text).toContain('250 bps, eur:10');
    expect(await planOf()).toEqual({ bps: 500, fixed: { eur: 25, usd: 30 } });
    expect(await auditCount(t, 'shop_id = $1', [m.shop.id])).toBe(0);

    await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '250', fixed: 'eur:10', confirm: 'yes' })
      .expect(303);
    expect(await planOf()).toEqual({ bps: 250, fixed: { eur: 10 } });
    const page = await admin.get(`/admin/shops/${m.shop.id}`).expect(200);
    expect(page.text).toContain('250 bps (2.50 %) + eur:10');
    expect(page.text).toContain('500 bps (5.00 %) + eur:25, usd:30');

    // Only the percentage overridden: the platform's fixed fees still apply.
    await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '100', fixed: '', confirm: 'yes' })
      .expect(303);
    expect(await planOf()).toEqual({ bps: 100, fixed: { eur: 25, usd: 30 } });
    await admin
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '', fixed: '', confirm: 'yes' })
      .expect(303);
    expect(await planOf()).toEqual({ bps: 500, fixed: { eur: 25, usd: 30 } });

    const entries = await auditFor(m.shop.id);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ['shop.fee_plan', { feeBps: null, feeFixed: null }, { feeBps: 250, feeFixed: { eur: 10 } }],
      ['shop.fee_plan', { feeBps: 250, feeFixed: { eur: 10 } }, { feeBps: 100, feeFixed: null }],
      ['shop.fee_plan', { feeBps: 100, feeFixed: null }, { feeBps: null, feeFixed: null }],
    ]);
  });

  it('lists shops with search by name, slug and owner email, filters and pagination', async () => {
    const a = await createMerchant(t, { shopName: 'Zebra Crossing Records', email: 'zed-owner@example.com' });
    const b = await createMerchant(t, { shopName: 'Quiet Quokka Tea' });
    await t.db.query(
      `UPDATE shop SET stripe_account_id = 'acct_admin_list_1', stripe_charges_enabled = true WHERE id = $1`,
      [b.shop.id],
    );
    await t.app.get(TenantService).suspend(a.shop.id, 'test');

    const names = async (query: string) =>
      [
        ...(await admin.get(`/admin/shops?${query}`).expect(200)).text.matchAll(
          /<a href='\/admin\/shops\/[^']+'>([^<]+)<\/a>/g,
        ),
      ].map((x) => x[1]);
    expect(await names('q=zebra')).toEqual(['Zebra Crossing Records']);
    expect(await names(`q=${b.shop.slug}`)).toEqual(['Quiet Quokka Tea']);
    expect(await names('q=zed-owner%40example')).toEqual(['Zebra Crossing Records']);
    expect(await names('q=%25')).toEqual([]); // a literal %, not a wildcard
    expect(await names('stripe=active')).toEqual(['Quiet Quokka Tea']);
    expect(await names('charges=yes')).toEqual(['Quiet Quokka Tea']);
    expect(await names('suspended=yes&q=zebra')).toEqual(['Zebra Crossing Records']);
    expect(await names('suspended=no&q=zebra')).toEqual([]);
    expect(await names('stripe=not_connected&q=zebra')).toEqual(['Zebra Crossing Records']);

    for (let i = 0; i < 26; i++) await createMerchant(t, { shopName: `Paged Shop ${i}` });
    const first = await admin.get('/admin/shops?q=paged').expect(200);
    expect(first.text).toContain('Page 1 of 2 · 26 in all');
    expect(first.text).toContain("href='/admin/shops?q&#x3D;paged&amp;page&#x3D;2'");
    const second = await admin.get('/admin/shops?q=paged&page=2').expect(200);
    expect((second.text.match(/data-testid='shop-row'/g) ?? []).length).toBe(1);
  });

  it('shows the figures of the registered sources (none yet for a new shop), and the Stripe state', async () => {
    const m = await createMerchant(t);
    await t.db.query(
      `UPDATE shop SET stripe_account_id = 'acct_admin_detail', stripe_details_submitted = true,
         stripe_requirements = '{"currently_due":["external_account"],"past_due":[],"eventually_due":[],"disabled_reason":null,"current_deadline":null}'
       WHERE id = $1`,
      [m.shop.id],
    );
    const page = await admin.get(`/admin/shops/${m.shop.id}`).expect(200);
    expect(page.text).toContain('acct_admin_detail');
    expect(page.text).toContain('external_account');
    expect(page.text).toMatch(/data-testid='stripe-status'>onboarding</);
    expect(page.text).toMatch(/data-testid='stat-orders'>0</);
    expect(page.text).toMatch(/data-testid='stat-products'>0</);
    expect(page.text).toContain('<dt>Sales</dt><dd>none yet</dd>');
    await admin.get('/admin/shops/00000000-0000-0000-0000-000000000000').expect(404);
    await admin.get('/admin/shops/not-a-uuid').expect(404);
  });
});
