import request from 'supertest';
import { AuthService } from '../../src/auth/auth.service.js';
import { formatDate, formatDateTime } from '../../src/common/dates.js';
import { MIGRATIONS } from '../../migrations/index.ts';
import { SalesReportService } from '../../src/orders/sales-report.service.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import { toShopContext } from '../../src/tenants/shop-context.js';
import { createAdmin, createMerchant, loginAgent, shopHost, type Merchant } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** 23:30 UTC on 1 December: already 2 December in Paris, still 1 December (18:30) in New York. */
const PAID_AT = new Date('2026-12-01T23:30:00Z');

describe('dates in the time zone of the shop or the user, money and dates in the page language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const zoneOf = async (shopId: string) =>
    (await t.db.query<Array<{ time_zone: string }>>('SELECT time_zone FROM shop WHERE id = $1', [shopId]))[0]
      .time_zone;

  async function paidOrder(m: Merchant, paidAt: Date, number = 1): Promise<string> {
    const [row] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               customer_email, created_at, paid_at)
       VALUES ($1, $2, 'paid', 'eur', 2450, 120, 'buyer@example.com', $3, $3) RETURNING id`,
      [m.shop.id, number, paidAt],
    );
    return row.id;
  }

  it('a new shop takes its country’s zone', async () => {
    expect((await createMerchant(t, { country: 'FR' })).shop.timeZone).toBe('Europe/Paris');
    expect((await createMerchant(t, { country: 'US', currency: 'usd' })).shop.timeZone).toBe(
      'America/New_York',
    );
  });

  it('a French shop in Europe/Paris shows an order paid at 23:30 UTC on the next day, in French', async () => {
    const m = await createMerchant(t, { country: 'FR' });
    await t.app.get(AuthService).setLanguage(m.user.id, 'fr');
    const orderId = await paidOrder(m, PAID_AT);
    const agent = await loginAgent(t, m);
    const paris = formatDateTime(PAID_AT, 'fr', 'Europe/Paris');
    expect(paris).toContain('2 déc. 2026');
    const time = `<time datetime="2026-12-01T23:30:00.000Z">${paris}</time>`;

    const list = (await agent.get('/dashboard/orders').expect(200)).text;
    expect(list).toContain(time);
    // …and its amounts as Intl writes them in French ("24,50 €", a no-break space before €).
    const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(24.5);
    expect(list).toContain(`>${euros}<`);
    const detail = (await agent.get(`/dashboard/orders/${orderId}`).expect(200)).text;
    expect(detail).toContain(time);
    expect(detail).not.toContain('UTC');

    // The dashboard's chart counts it on 2 December, the shop's day, labelled in French.
    const chart = await t.app
      .get(SalesReportService)
      .last30Days(toShopContext(m.shop), 'fr', new Date('2026-12-02T10:00:00Z'));
    expect(chart.bars.at(-1)!.label).toBe('2026-12-02');
    expect(chart.bars.at(-1)!.salesHeight).toBeGreaterThan(0);
    expect(chart.bars.at(-2)!.salesHeight).toBe(0);
    expect(chart.ticks.at(-1)!.label).toBe('2 déc.');
    expect(chart.totalSalesText).toBe(
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(24.5),
    );
  });

  it('an admin who chose America/New_York sees their zone; with no choice, their shop’s or UTC', async () => {
    const shopOwner = await createMerchant(t, { country: 'FR' });
    await t.db.query('UPDATE shop SET created_at = $2 WHERE id = $1', [shopOwner.shop.id, PAID_AT]);
    const a = await createAdmin(t);
    const admin = await loginAgent(t, a);
    const shopPage = () => admin.get(`/admin/shops/${shopOwner.shop.id}`).expect(200);

    expect((await shopPage()).text).toContain(`>${formatDateTime(PAID_AT, 'en', 'UTC')}</time>`);
    expect((await admin.get('/account').expect(200)).text).toContain('Default (UTC)');

    await admin.post('/account/time-zone', { timeZone: 'America/New_York' }).expect(303);
    const newYork = formatDateTime(PAID_AT, 'en', 'America/New_York');
    expect(newYork).toContain('Dec 1, 2026');
    expect((await shopPage()).text).toContain(`<time datetime="2026-12-01T23:30:00.000Z">${newYork}</time>`);
    expect((await admin.get('/account').expect(200)).text).toMatch(
      /<option value='America\/New_York' selected>America\/New_York<\/option>/,
    );

    // Back to the default: an empty choice clears the setting.
    await admin.post('/account/time-zone', { timeZone: '' }).expect(303);
    expect((await shopPage()).text).toContain(`>${formatDateTime(PAID_AT, 'en', 'UTC')}</time>`);
  });

  it('a merchant with no zone of their own sees their account in their shop’s zone', async () => {
    const m = await createMerchant(t, { country: 'JP', currency: 'jpy' });
    const agent = await loginAgent(t, m);
    expect((await agent.get('/account').expect(200)).text).toContain('Default (Asia/Tokyo)');
  });

  it('refuses an unknown zone with a clear message, on the shop settings and on /account', async () => {
    const m = await createMerchant(t, { country: 'FR' });
    const agent = await loginAgent(t, m);
    const settings = { name: m.shop.name, timeZone: 'Mars/Olympus_Mons' };
    const refused = await agent.post('/dashboard/settings', settings);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Choose a time zone from the list, such as Europe/Paris.');
    expect(refused.text).toContain("aria-invalid='true'");
    // The saved zone stays selected.
    expect(refused.text).toMatch(/<option value='Europe\/Paris' selected>/);
    expect(await zoneOf(m.shop.id)).toBe('Europe/Paris');

    const account = await agent.post('/account/time-zone', { timeZone: 'Europe/Atlantis' });
    expect(account.status).toBe(422);
    expect(account.text).toContain('Choose a time zone from the list, such as Europe/Paris.');
    const [user] = await t.db.query<Array<{ time_zone: string | null }>>(
      'SELECT time_zone FROM app_user WHERE id = $1',
      [m.user.id],
    );
    expect(user.time_zone).toBeNull();
  });

  it('saves a zone from the list; the storefront and the dashboard use it at once', async () => {
    const m = await createMerchant(t, { country: 'FR' });
    const agent = await loginAgent(t, m);
    const orderId = await paidOrder(m, PAID_AT);
    // Warm this process's shop cache: the new zone must still apply at once.
    await request(t.app.getHttpServer()).get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);

    await agent.post('/dashboard/settings', { name: m.shop.name, timeZone: 'Asia/Tokyo' }).expect(303);
    expect(await zoneOf(m.shop.id)).toBe('Asia/Tokyo');
    expect((await t.app.get(TenantService).findBySlug(m.shop.slug))!.timeZone).toBe('Asia/Tokyo');
    expect((await agent.get('/dashboard/settings').expect(200)).text).toMatch(
      /<option value='Asia\/Tokyo' selected>/,
    );
    expect((await agent.get(`/dashboard/orders/${orderId}`).expect(200)).text).toContain(
      `>${formatDateTime(PAID_AT, 'en', 'Asia/Tokyo')}</time>`,
    );
    // A settings form without the field (an older page) leaves the zone alone.
    await agent.post('/dashboard/settings', { name: m.shop.name }).expect(303);
    expect(await zoneOf(m.shop.id)).toBe('Asia/Tokyo');
  });

  it('a merchant sets only their own shop’s zone, whatever the form names', async () => {
    const a = await createMerchant(t, { country: 'FR' });
    const b = await createMerchant(t, { country: 'DE' });
    const agentA = await loginAgent(t, a);
    await agentA
      .post('/dashboard/settings', {
        name: a.shop.name,
        timeZone: 'Asia/Tokyo',
        shopId: b.shop.id,
        id: b.shop.id,
      })
      .expect(303);
    expect(await zoneOf(a.shop.id)).toBe('Asia/Tokyo');
    expect(await zoneOf(b.shop.id)).toBe('Europe/Berlin');
    // B's dashboard keeps B's zone.
    const agentB = await loginAgent(t, b);
    expect((await agentB.get('/dashboard/settings').expect(200)).text).toMatch(
      /<option value='Europe\/Berlin' selected>/,
    );
  });

  it('the migration gives shops made by the previous schema their country’s zone, UTC when unlisted', async () => {
    const migration = MIGRATIONS.find((m) => m.name === 'TimeZones1796212334527')!;
    const runner = t.db.createQueryRunner();
    try {
      await runner.startTransaction();
      // The schema before: no time_zone columns (the whole test runs in a rolled-back transaction).
      await new migration().down(runner);
      const [owner] = (await runner.query(
        `INSERT INTO app_user (email, password_hash) VALUES ('old-schema@example.com', 'x') RETURNING id`,
      )) as Array<{ id: string }>;
      for (const country of ['FR', 'US', 'JP', 'ZZ']) {
        await runner.query(
          `INSERT INTO shop (owner_user_id, name, slug, currency, country)
           VALUES ($1, $2, $3, 'eur', $4)`,
          [owner.id, `Old ${country}`, `old-${country.toLowerCase()}`, country],
        );
      }
      await new migration().up(runner);
      const rows = (await runner.query(
        'SELECT country, time_zone FROM shop WHERE owner_user_id = $1 ORDER BY country',
        [owner.id],
      )) as Array<{ country: string; time_zone: string }>;
      expect(rows).toEqual([
        { country: 'FR', time_zone: 'Europe/Paris' },
        { country: 'JP', time_zone: 'Asia/Tokyo' },
        { country: 'US', time_zone: 'America/New_York' },
        { country: 'ZZ', time_zone: 'UTC' },
      ]);
      const [column] = (await runner.query(
        `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'shop' AND column_name = 'time_zone'`,
      )) as Array<{ is_nullable: string }>;
      expect(column.is_nullable).toBe('NO');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('formats a date alone in the page language too', () => {
    expect(formatDate(PAID_AT, 'fr', 'Europe/Paris')).toBe('2 déc. 2026');
  });
});
