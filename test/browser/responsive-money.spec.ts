import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createMerchant, type Merchant } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import { expectFitsViewport, expectTouchTargets } from '../support/layout-checks.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** Where the screenshots go (looked at by hand at 360, 390 and 1280 px, in English and French). */
const SHOTS = process.env.RESPONSIVE_SHOTS ?? '/tmp';

/** The currencies the account is paid in: one checkout each, the shop's currency switched between. */
const CURRENCIES = ['eur', 'usd', 'gbp', 'chf'] as const;

// Its own emulator: funds become available half an hour after a payment there, and the test
// moves its clock an hour ahead (sessions made for a day stay within Stripe's window).
describe('the money and payments pages of a connected shop on a phone and a desktop', () => {
  let t: TestApp;
  let browser: Browser;
  let emu: StripeApp['emu'];
  let control: StripeApp['control'];
  const contexts: BrowserContext[] = [];
  let merchant: Merchant;

  beforeAll(async () => {
    ({ t, emu, browser, control } = await stripeApp({
      browser: true,
      emulator: { availabilityDelaySeconds: 1800 },
      env: { CHECKOUT_EXPIRES_MINUTES: '1440' },
    }));
    merchant = await createMerchant(t, {
      shopName: 'La Fromagerie Extraordinaire des Montagnes et des Vallées',
      slug: 'fromagerie-argent',
    });
    // Large amounts in several currencies: a long balance table.
    let account = '';
    for (const currency of CURRENCIES) {
      await t.db.query('UPDATE shop SET currency = $1 WHERE id = $2', [currency, merchant.shop.id]);
      t.app.get(TenantService).invalidate(merchant.shop.slug);
      merchant.shop.currency = currency;
      ({ account } = await createPaidOrder(t, emu, merchant.shop, {
        items: [{ name: `Meule de comté ${currency}`, unitAmount: 987_654, quantity: 3 }],
      }));
    }
    emu.emulator.advanceClock(3600); // the funds become available
    // Many payouts: failed ones give the money back, so each currency can be paid out again; the
    // last ones are paid at once or on their way (a delay keeps them pending).
    for (const currency of CURRENCIES) {
      for (let i = 0; i < 2; i++) {
        await control(`/accounts/${account}/payouts`, { outcome: 'failed', currency }).expect(200);
      }
    }
    await control(`/accounts/${account}/payouts`, { currency: 'eur' }).expect(200);
    await control(`/accounts/${account}/payouts`, { currency: 'usd', delay_seconds: 86_400 }).expect(200);
    // A last payment, still pending: the balance's "pending" column and the "on the way" list.
    await createPaidOrder(t, emu, merchant.shop, {
      items: [{ name: 'Meule de comté chf', unitAmount: 987_654, quantity: 3 }],
    });
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function merchantPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    await t.db.query('UPDATE app_user SET language = $1 WHERE id = $2', [lang, merchant.user.id]);
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-US',
    });
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(merchant.email);
    await page.locator('input[name=password]').fill(merchant.password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it.each([
    ['en' as const, 360],
    ['fr' as const, 360],
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    'the money, payments and home pages (%s) with several currencies and many payouts fit %i px',
    async (lang, width) => {
      const page = await merchantPage(lang, width);
      for (const [name, path] of [
        ['money-connected', '/dashboard/money'],
        ['payments-connected', '/dashboard/payments'],
        // Stripe's return_url after onboarding: the same card with a "welcome back" notice.
        ['payments-return', '/dashboard/payments/return'],
        ['home-connected', '/dashboard'],
      ] as const) {
        expect({ path, status: (await page.goto(`${t.baseUrl}${path}`))?.status() }).toEqual({
          path,
          status: 200,
        });
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await page.screenshot({ path: `${SHOTS}/responsive-${name}-${lang}-${width}.png`, fullPage: true });
        await expectFitsViewport(page);
        await expectTouchTargets(page, '.dashboard-nav a');
        await expectTouchTargets(page, "main button:not(.link), main .button, main a[rel='next']");
      }
      await page.goto(`${t.baseUrl}/dashboard/money`);
      // Every currency has its row, every payout too (the page lists the latest ten).
      await page.getByTestId('balance').waitFor();
      for (const currency of CURRENCIES) {
        expect(await page.getByTestId(`available-${currency.toUpperCase()}`).count()).toBe(1);
      }
      expect(await page.getByTestId('payout-row').count()).toBe(10);
      expect(await page.getByTestId('upcoming').locator('li').count()).toBe(1);
      // On a phone the header row is hidden and each value says its column (data-label).
      const amount = page.getByTestId('payout-row').first().locator('td').nth(1);
      expect(await amount.getAttribute('data-label')).toBe(lang === 'fr' ? 'Montant' : 'Amount');
      const header = await page
        .getByTestId('payouts')
        .locator('thead')
        .evaluate((el) => getComputedStyle(el).position);
      expect(header).toBe(width < 720 ? 'absolute' : 'static');
    },
    120_000,
  );
});
