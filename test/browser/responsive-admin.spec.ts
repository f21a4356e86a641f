import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAdmin, createMerchant } from '../factories/accounts.js';
import { insertStoredEvent } from '../factories/admin.js';
import { browserApp } from '../support/browser-app.js';
import { expectFitsViewport, expectTouchTargets } from '../support/layout-checks.js';
import type { TestApp } from '../support/test-app.js';

/** Where the screenshots go (looked at by hand at 390 and 1280 px, in English and French). */
const SHOTS = process.env.RESPONSIVE_SHOTS ?? '/tmp';

/** Long data, to provoke overflow: long names, addresses, event ids and errors. */
const LONG_SHOP = 'La Fromagerie Extraordinaire des Montagnes, des Vallées et des Alpages Réunis';
const LONG_EMAIL =
  'jean-baptiste.de-la-fontaine-marchand-of-fine-things@extremely-long-domain-name.example.com';
const LONG_EVENT = `evt_${'1NqZ8aLkdIwHu7ix'.repeat(3)}`;
const LONG_ERROR = `TypeError: Cannot read properties of undefined (reading 'extraordinarilyLongPropertyName') at handleCheckoutSessionCompleted (/srv/app/dist/orders/orders.stripe-events.js:123:45) ${'x'.repeat(80)}`;

describe('the back-office and the mailbox on a phone and a desktop', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let shopId: string;
  let admin: { email: string; password: string };

  beforeAll(async () => {
    ({ t, browser } = await browserApp());
    const m = await createMerchant(t, {
      email: LONG_EMAIL,
      shopName: LONG_SHOP,
      slug: 'fromagerie-extraordinaire',
    });
    shopId = m.shop.id;
    for (let i = 0; i < 3; i++) await createMerchant(t, { shopName: `Atelier ${i}` });
    await t.db.query(`UPDATE shop SET stripe_account_id = $2 WHERE id = $1`, [
      shopId,
      'acct_1NqZ8aLkdIwHu7ixLongId',
    ]);
    await insertStoredEvent(t, { id: LONG_EVENT, type: 'checkout.session.completed', status: 'dead' });
    await insertStoredEvent(t, { id: 'evt_short_processed', account: 'acct_1NqZ8aLkdIwHu7ixLongId' });
    await t.db.query(`UPDATE stripe_event SET last_error = $2, attempts = 3 WHERE id = $1`, [
      LONG_EVENT,
      LONG_ERROR,
    ]);
    await t.db.query(
      `INSERT INTO stripe_event_attempt (event_id, attempt, outcome, error, started_at)
       VALUES ($1, 1, 'failed', $2, now() - interval '2 minutes'), ($1, 2, 'failed', $2, now() - interval '1 minute'),
              ($1, 3, 'dead', $2, now())`,
      [LONG_EVENT, LONG_ERROR],
    );
    await t.db.query(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               amount_refunded, fee_refunded_amount, customer_email, paid_at)
       VALUES ($1, 1, 'paid', 'eur', 1234500, 61725, 0, 0, $2, '2026-03-10T12:00:00Z'),
              ($1, 2, 'partially_refunded', 'eur', 10000, 500, 2500, 125, $2, '2026-05-02T12:00:00Z')`,
      [shopId, LONG_EMAIL],
    );
    await t.db.query(
      `INSERT INTO audit_entry (actor_email, action, target_type, target_id, shop_id, before, after, reason)
       VALUES ($1, 'shop.fee_plan', 'shop', $2::text, $2::uuid, '{"bps":250,"fixed":{"eur":25}}', '{"bps":190,"fixed":{"eur":30,"usd":30,"gbp":20}}',
               'Negotiated rate for a large seller with an extraordinarily long explanation of why'),
              ($1, 'shop.suspend', 'shop', $2::text, $2::uuid, '{"suspended":false}', '{"suspended":true}', 'Contrefaçons signalées')`,
      [LONG_EMAIL, shopId],
    );
    admin = await createAdmin(
      t,
      `the-platform-administrator-${Date.now()}@extremely-long-domain-name.example.com`,
    );
    await t.db.query(
      `INSERT INTO outbox_mail (to_address, subject, text_body, status)
       VALUES ($1, 'A very long subject about the order of a handmade stoneware casserole with its lid', $2, 'sent')`,
      [
        LONG_EMAIL,
        `Hello,\n\nSee it here: ${t.baseUrl}/orders/status?token=${'x9Y8z7'.repeat(14)}\n\nComptoir`,
      ],
    );
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function adminPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    await t.db.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, admin.email]);
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    });
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(admin.email);
    await page.locator('input[name=password]').fill(admin.password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** Each page, and the tab its nav marks as current (none for the home: the brand link is). */
  const adminPages = () =>
    [
      ['admin-home', '/admin', null],
      ['admin-shops', '/admin/shops', 'shops'],
      ['admin-shop', `/admin/shops/${shopId}`, 'shops'],
      ['admin-users', '/admin/users', 'users'],
      ['admin-events', '/admin/events', 'events'],
      ['admin-event', `/admin/events/${LONG_EVENT}`, 'events'],
      ['admin-audit', '/admin/audit', 'audit'],
      ['admin-revenue', '/admin/revenue', 'revenue'],
    ] as const;

  it.each([
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    'every admin page and the mailbox (%s) fit %i px, the current tab marked and every target ≥ 44 px tall',
    async (lang, width) => {
      const page = await adminPage(lang, width);
      for (const [name, path, tab] of adminPages()) {
        expect({ path, status: (await page.goto(`${t.baseUrl}${path}`))?.status() }).toEqual({
          path,
          status: 200,
        });
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await page.screenshot({ path: `${SHOTS}/responsive-${name}-${lang}-${width}.png`, fullPage: true });
        await expectFitsViewport(page);
        await expectTouchTargets(page, '.admin-bar a, main button:not(.link), main .button, .pagination a');
        const current = page.locator('.admin-nav a[aria-current=page]');
        if (tab) {
          expect(await current.getAttribute('href')).toBe(`/admin/${tab}`);
          // Marked to the eye too, not only for screen readers.
          const look = (a: HTMLElement | SVGElement) =>
            `${getComputedStyle(a).backgroundColor} ${getComputedStyle(a).borderBottomColor}`;
          const plain = await page.locator('.admin-nav a:not([aria-current])').first().evaluate(look);
          expect(await current.evaluate(look)).not.toBe(plain);
        } else {
          expect(await current.count()).toBe(0);
        }
      }
      for (const [name, path] of [
        ['admin-account', '/account'],
        ['admin-mailbox', '/mailbox'],
      ] as const) {
        await page.goto(`${t.baseUrl}${path}`);
        await page.screenshot({ path: `${SHOTS}/responsive-${name}-${lang}-${width}.png`, fullPage: true });
        await expectFitsViewport(page);
      }
      await page.locator('.mail h2 a').first().click();
      await page.waitForURL(/\/mailbox\/[0-9a-f-]{36}$/);
      await page.screenshot({ path: `${SHOTS}/responsive-admin-mail-${lang}-${width}.png`, fullPage: true });
      await expectFitsViewport(page);
    },
    240_000,
  );

  it('every admin page fits a 360 px screen', async () => {
    const page = await adminPage('fr', 360);
    for (const [, path] of [...adminPages(), ['', '/mailbox']]) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectFitsViewport(page);
    }
  }, 180_000);
});
