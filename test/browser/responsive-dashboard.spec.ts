import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service.js';
import { createAdmin, createMerchant } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { browserApp } from '../support/browser-app.js';
import { expectFitsViewport, expectTouchTargets } from '../support/layout-checks.js';
import type { TestApp } from '../support/test-app.js';

/** Where the screenshots go (looked at by hand at 390 and 1280 px, in English and French). */
const SHOTS = process.env.RESPONSIVE_SHOTS ?? '/tmp';

/** Long data, to provoke overflow: a name with a long word, a long address, long Stripe ids. */
const LONG_NAME =
  'Handmade stoneware casserole with lid and extraordinarilylongunbreakablewordthatneverends, family size';
const LONG_EMAIL =
  'jean-baptiste.de-la-fontaine-marchand-of-fine-things@extremely-long-domain-name.example.com';
const LONG_ID = `cs_test_${'a1B2c3D4e5'.repeat(6)}`;

describe('the dashboard, the account and the auth pages on a phone and a desktop', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let merchant: { email: string; password: string; userId: string };
  let productId: string;
  let orderId: string;
  let refundId: string;
  let resetToken: string;
  /** An account without a shop (an admin made by the CLI): /dashboard/shop/new is its page. */
  let shopless: { email: string; password: string };

  beforeAll(async () => {
    ({ t, browser } = await browserApp());
    const m = await createMerchant(t, {
      email: LONG_EMAIL,
      shopName: 'La Fromagerie Extraordinaire des Montagnes et des Vallées',
      slug: 'fromagerie-extraordinaire',
    });
    merchant = { email: m.email, password: m.password, userId: m.user.id };
    const product = await createProduct(t, m.shop.id, { name: LONG_NAME, price: '1234.50', publish: true });
    productId = product.id;
    await createProduct(t, m.shop.id, { name: 'Cup', price: '9.00', stock: '12' });
    // Several orders with long addresses and ids; the first with items, refunds and a timeline.
    const rows = await t.db.query<Array<{ id: string; number: number }>>(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               amount_refunded, fee_refunded_amount, customer_email, paid_at,
                               stripe_checkout_session_id, stripe_payment_intent_id, stripe_charge_id,
                               shipping_address, created_at)
       SELECT $1, n, CASE WHEN n = 1 THEN 'partially_refunded' ELSE 'paid' END, 'eur', 123450 * n, 6172,
              CASE WHEN n = 1 THEN 1000 ELSE 0 END, 0, $2, now() - n * interval '1 hour',
              $3 || n, 'pi_' || $3 || n, 'ch_' || $3 || n,
              '{"name":"Jean-Baptiste de la Fontaine","line1":"12 avenue des Champs-Élysées-Prolongée-Nord","city":"Saint-Rémy-de-Provence","postal_code":"13210","country":"FR"}'::jsonb,
              now() - n * interval '1 hour'
         FROM generate_series(1, 6) AS n
       RETURNING id, number`,
      [m.shop.id, LONG_EMAIL, LONG_ID],
    );
    orderId = rows.find((r) => r.number === 1)!.id;
    await t.db.query(`INSERT INTO shop_order_number (shop_id, last_number) VALUES ($1, 6)`, [m.shop.id]);
    await t.db.query(
      `INSERT INTO shop_order_item (shop_id, order_id, product_id, name, unit_amount, quantity)
       VALUES ($1, $2, $3, $4, 123450, 1), ($1, $2, $3, 'Cup', 1000, 2)`,
      [m.shop.id, orderId, productId, LONG_NAME],
    );
    const refunds = await t.db.query<Array<{ id: string; status: string }>>(
      `INSERT INTO shop_refund (shop_id, order_id, amount, currency, status, stripe_refund_id, reason, last_error)
       VALUES ($1, $2, 1000, 'eur', 'succeeded', $3, 'requested_by_customer', NULL),
              ($1, $2, 500, 'eur', 'failed', $4, 'duplicate', $5)
       RETURNING id, status`,
      [m.shop.id, orderId, `re_${LONG_ID}`, `re_${LONG_ID}x`, `card_declined: ${LONG_NAME}`],
    );
    refundId = refunds.find((r) => r.status === 'failed')!.id;
    shopless = await createAdmin(t, `shopless-${LONG_EMAIL}`);
    await t.db.query(
      `INSERT INTO shop_order_event (shop_id, order_id, type, detail)
       VALUES ($1, $2, 'created', '{}'), ($1, $2, 'refund_requested', '{"amount":1000}'),
              ($1, $2, 'fulfilment', '{"status":"shipped"}')`,
      [m.shop.id, orderId],
    );
    // A mail with a long link (a password reset), for the mailbox.
    await t.db.query(
      `INSERT INTO outbox_mail (to_address, subject, text_body, status)
       VALUES ($1, 'A very long subject about the order of a handmade stoneware casserole with its lid', $2, 'sent')`,
      [
        LONG_EMAIL,
        `Hello,\n\nReset it here: ${t.baseUrl}/reset-password?token=${'x9Y8z7'.repeat(12)}\n\nComptoir`,
      ],
    );
    // A real reset link (the page refuses an unknown token), in a real mail.
    await t.app.get(AuthService).sendPasswordReset(LONG_EMAIL);
    const [mail] = await t.db.query<Array<{ text_body: string }>>(
      `SELECT text_body FROM outbox_mail WHERE to_address = $1 AND text_body LIKE '%token=%' AND subject NOT LIKE 'A very long subject%'`,
      [LONG_EMAIL],
    );
    resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function newPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    });
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    return context.newPage();
  }

  async function merchantPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    return loggedInPage(merchant, lang, width);
  }

  async function loggedInPage(
    who: { email: string; password: string },
    lang: 'en' | 'fr',
    width: number,
  ): Promise<Page> {
    await t.db.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, who.email]);
    const page = await newPage(lang, width);
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(who.email);
    await page.locator('input[name=password]').fill(who.password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  const dashboardPages = () =>
    [
      ['home', '/dashboard'],
      ['payments', '/dashboard/payments'],
      ['products', '/dashboard/products'],
      ['product-new', '/dashboard/products/new'],
      ['product-edit', `/dashboard/products/${productId}`],
      ['orders', '/dashboard/orders'],
      ['order', `/dashboard/orders/${orderId}`],
      ['refund', `/dashboard/orders/${orderId}/refunds/${refundId}`],
      ['product-archive', `/dashboard/products/${productId}/archive`],
      ['money', '/dashboard/money'],
      ['settings', '/dashboard/settings'],
      ['account', '/account'],
      ['two-factor', '/account/two-factor'],
      ['password', '/account/password'],
      ['mailbox', '/mailbox'],
    ] as const;

  async function visit(page: Page, name: string, path: string, lang: string, width: number) {
    expect({ path, status: (await page.goto(`${t.baseUrl}${path}`))?.status() }).toEqual({
      path,
      status: 200,
    });
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await page.screenshot({ path: `${SHOTS}/responsive-${name}-${lang}-${width}.png`, fullPage: true });
    await expectFitsViewport(page);
  }

  it.each([
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    'every dashboard page (%s) fits %i px, its tabs marked and ≥ 44 px tall',
    async (lang, width) => {
      const page = await merchantPage(lang, width);
      for (const [name, path] of dashboardPages()) {
        await visit(page, name, path, lang, width);
        if (path.startsWith('/dashboard')) {
          await expectTouchTargets(page, '.dashboard-nav a');
          await expectTouchTargets(
            page,
            "main button:not(.link), main .button, .pagination a, main a[rel='next'], .confirm-actions a",
          );
          const current = page.locator('.dashboard-nav a[aria-current=page]');
          expect(await current.count()).toBe(1);
          // Marked to the eye too, not only for screen readers.
          const [marked, plain] = await Promise.all([
            current.evaluate(
              (a) => getComputedStyle(a).borderBottomColor + getComputedStyle(a).backgroundColor,
            ),
            page
              .locator('.dashboard-nav a:not([aria-current])')
              .first()
              .evaluate((a) => getComputedStyle(a).borderBottomColor + getComputedStyle(a).backgroundColor),
          ]);
          expect(marked).not.toBe(plain);
        }
      }
      const mail = page.locator('.mail h2 a').first();
      await mail.click();
      await page.waitForURL(/\/mailbox\/[0-9a-f-]{36}$/);
      await page.screenshot({ path: `${SHOTS}/responsive-mail-${lang}-${width}.png`, fullPage: true });
      await expectFitsViewport(page);
    },
    240_000,
  );

  it.each([
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    'the landing and auth pages (%s) fit %i px',
    async (lang, width) => {
      const page = await newPage(lang, width);
      for (const [name, path] of [
        ['landing', '/'],
        ['login', '/login'],
        ['signup', '/signup'],
        ['forgot-password', '/forgot-password'],
        ['reset-password', `/reset-password?token=${resetToken}`],
      ] as const) {
        await visit(page, name, path, lang, width);
        await expectTouchTargets(page, 'main button:not(.link), main .button, .topnav a');
      }
      // A refused log-in keeps the form within the screen with its messages.
      await page.goto(`${t.baseUrl}/login`);
      await page.locator('input[name=email]').fill(LONG_EMAIL);
      await page.locator('input[name=password]').fill('wrong password');
      await page.locator("form[action='/login'] button[type=submit]").click();
      await page.locator('.alert, .field-error').first().waitFor();
      await expectFitsViewport(page);
    },
    120_000,
  );

  it.each([
    ['en' as const, 360],
    ['fr' as const, 360],
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    'the new-shop page of an account without a shop (%s) fits %i px, refused or not',
    async (lang, width) => {
      const page = await loggedInPage(shopless, lang, width);
      await visit(page, 'shop-new', '/dashboard/shop/new', lang, width);
      await expectTouchTargets(page, 'main button:not(.link), main .button');
      // A refused form: its messages and the long input it keeps stay within the screen.
      await page.locator('input[name=shopName]').fill(LONG_NAME);
      await page.locator('input[name=slug]').fill(`Not a valid address ${LONG_ID}`);
      await page.locator("form[action='/dashboard/shop/new'] button[type=submit]").click();
      await page.locator('.field-error').first().waitFor();
      expect(await page.locator('input[name=shopName]').inputValue()).toBe(LONG_NAME);
      await page.screenshot({
        path: `${SHOTS}/responsive-shop-new-refused-${lang}-${width}.png`,
        fullPage: true,
      });
      await expectFitsViewport(page);
      await expectTouchTargets(page, 'main button:not(.link), main .button');
    },
    120_000,
  );

  it('every dashboard page fits a 360 px screen', async () => {
    const page = await merchantPage('fr', 360);
    for (const [, path] of dashboardPages()) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectFitsViewport(page);
    }
  }, 180_000);
});
