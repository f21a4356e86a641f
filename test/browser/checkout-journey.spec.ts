import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { pngBytes } from '../factories/catalog.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

describe('the checkout journey in Chromium, offline against the emulator', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let image: string;
  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    image = join(mkdtempSync(join(tmpdir(), 'checkout-browser-')), 'product.png');
    writeFileSync(image, pngBytes(8));
  }, 60_000);

  async function context(problems: string[]): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext();
    ctx.setDefaultTimeout(15_000);
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of (402|422)/.test(msg.text())) problems.push(msg.text());
    });
    return { ctx, page };
  }

  /**
   * The "payment processing" page turns into `heading` after `settle()` by itself, in the same
   * document (no reload, no meta refresh), and announces it in a polite live region.
   */
  async function expectUpdatesInPlace(page: Page, settle: () => void, heading: string) {
    expect(await page.locator('meta[http-equiv="refresh" i]').count()).toBe(0);
    await page.getByRole('link', { name: 'Check again' }).waitFor();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    let loads = 0;
    page.on('load', () => loads++);
    settle();
    await page.getByRole('heading', { name: heading }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(loads).toBe(0);
    expect(
      await page
        .getByRole('heading', { name: heading })
        .evaluate((h) => h.closest('[aria-live]')?.getAttribute('aria-live')),
    ).toBe('polite');
  }

  /** Sign-up → shop → onboarding on the emulator's page → two published products, all by clicks. */
  async function merchantOpensShop(
    page: Page,
    email: string,
    name: string,
    slug: string,
    products: string[][],
  ) {
    const base = t.baseUrl!;
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Open your shop' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long and happy password');
    await page.getByLabel('Shop name').fill(name);
    await page.getByLabel('Shop address').fill(slug);
    await page.getByRole('button', { name: 'Create my shop' }).click();
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('button', { name: 'Set up payments' }).click();
    await page.waitForURL(new RegExp(`^${emu.emulator.url}/connect/onboarding/`));
    await page.getByRole('button', { name: 'Agree and submit' }).click();
    await page.waitForURL(`${base}/dashboard/payments/return`);
    await eventually(async () => {
      await page.goto(`${base}/dashboard`);
      return (await page.getByTestId('payments-state').textContent()) === 'Active';
    });
    for (const [productName, price] of products) {
      await page.goto(`${base}/dashboard/products`);
      await page.getByRole('link', { name: 'Add a product' }).click();
      await page.getByLabel('Name').fill(productName);
      await page.getByLabel('Description').fill(`${productName}, handmade.`);
      await page.getByLabel('Price (EUR)').fill(price);
      await page.getByRole('button', { name: 'Create product' }).click();
      await page.getByText('Product created').waitFor();
      await page.getByLabel('Add images').setInputFiles(image);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByText('Images updated.').waitFor();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByText('Published: shoppers can see it now.').waitFor();
    }
    // The Prices reach the connected account through the catalog-sync job.
    await eventually(async () => {
      const [{ n }] = await t.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM product p JOIN shop s ON s.id = p.shop_id
          WHERE s.slug = $1 AND p.sync_state = 'synced'`,
        [slug],
      );
      return n === products.length;
    }, 20_000);
  }

  async function shopperFillsCart(page: Page, shopUrl: string, names: string[], email?: string) {
    for (const name of names) {
      await page.goto(shopUrl);
      await page.getByRole('link', { name }).click();
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.waitForURL(`${shopUrl}/cart`);
    }
    if (email) await page.getByLabel('Email for your receipt (optional)').fill(email);
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.waitForURL(new RegExp(`^${emu.emulator.url}/c/pay/cs_`));
  }

  it('a merchant opens a shop; a shopper pays with 4242; the order turns paid, the dashboard lists it with the fee, the balances split', async () => {
    const problems: string[] = [];
    const m = await context(problems);
    await merchantOpensShop(m.page, 'atelier@example.com', 'Atelier Bleu', 'atelier-bleu', [
      ['Blue bowl', '24'],
      ['Blue cup', '11.50'],
    ]);
    const s = await context(problems);
    const shopUrl = `http://atelier-bleu.localhost:${t.config.port}`;
    await shopperFillsCart(s.page, shopUrl, ['Blue bowl', 'Blue cup'], 'claire@example.com');
    await s.page.getByTestId('total').getByText('€35.50').waitFor();
    await s.page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await s.page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
    await s.page.getByLabel('CVC').fill('123');
    await s.page.getByRole('button', { name: 'Pay €35.50', exact: true }).click();
    await s.page.waitForURL(new RegExp(`^${shopUrl}/checkout/success\\?session_id=cs_`));
    // "paid" once the webhook is in (the page asks for its status until then, without reloading).
    expect(await s.page.locator('meta[http-equiv="refresh" i]').count()).toBe(0);
    await s.page.getByText('Your order is paid').waitFor({ timeout: 20_000 });
    expect(await s.page.getByRole('link', { name: 'Cart' }).textContent()).toBe('Cart');

    const order = await t.db.getRepository(Order).findOneByOrFail({ customerEmail: 'claire@example.com' });
    expect(order.status).toBe(OrderStatus.Paid);
    // 5 % of 3550 = 177.5 → 178, + 25 fixed.
    expect(order.applicationFeeAmount).toBe(203);
    await m.page.goto(`${t.baseUrl!}/dashboard/orders`);
    const row = m.page.getByTestId('order-row').filter({ hasText: `#${order.number}` });
    await row.getByText('€35.50').waitFor();
    await row.getByText('€2.03').waitFor();

    const balances = JSON.stringify(await (await fetch(`${emu.emulator.url}/_emulator/balances`)).json());
    const account = await emu.stripe.balance.retrieve({}, { stripeAccount: order.stripeAccountId! });
    // 3550 − Stripe's 2.9 % + 30 (133) − the platform's 203.
    expect(account.pending.find((b) => b.currency === 'eur')?.amount).toBe(3550 - 133 - 203);
    expect((await emu.stripe.balance.retrieve()).pending.find((b) => b.currency === 'eur')?.amount).toBe(203);
    expect(balances).toContain(order.stripeAccountId!);
    expect(problems).toEqual([]);
    await m.ctx.close();
    await s.ctx.close();
  }, 120_000);

  it('an EUR shop: a SEPA debit that fails ends payment_failed and the shopper is mailed', async () => {
    const problems: string[] = [];
    const m = await context(problems);
    await merchantOpensShop(m.page, 'epicerie@example.com', 'Épicerie Verte', 'epicerie-verte', [
      ['Olive oil', '18'],
      ['Honey jar', '9'],
    ]);
    await m.ctx.close();
    const s = await context(problems);
    const shopUrl = `http://epicerie-verte.localhost:${t.config.port}`;
    await shopperFillsCart(s.page, shopUrl, ['Olive oil', 'Honey jar']);
    await s.page.locator('#sepa_email').fill('noor@example.com');
    await s.page.locator('#sepa_name').fill('Noor Shopper');
    await s.page.locator('#iban').fill('AT861904300235473202');
    await s.page.locator('form[action$="/sepa"] button[type="submit"]').click();
    await s.page.waitForURL(new RegExp(`^${shopUrl}/checkout/success`));
    await s.page.getByRole('heading', { name: 'Payment processing' }).waitFor();
    await expectUpdatesInPlace(s.page, () => emu.emulator.advanceClock(6), 'Payment failed');
    await s.page.getByRole('link', { name: 'Back to your cart' }).waitFor();
    const order = await t.db.getRepository(Order).findOneByOrFail({ customerEmail: 'noor@example.com' });
    expect(order.status).toBe(OrderStatus.PaymentFailed);
    const mail = await eventually(() => t.db.getRepository(OutboxMail).findOneBy({ to: 'noor@example.com' }));
    expect(mail.subject).toBe(`Payment failed for your order #${order.number} at Épicerie Verte`);

    // Another try with an IBAN that succeeds: the same page turns "paid" once the webhook is in.
    await s.page.getByRole('link', { name: 'Back to your cart' }).click();
    await s.page.getByRole('button', { name: 'Checkout' }).click();
    await s.page.waitForURL(new RegExp(`^${emu.emulator.url}/c/pay/cs_`));
    await s.page.locator('#sepa_email').fill('noor.again@example.com');
    await s.page.locator('#sepa_name').fill('Noor Shopper');
    await s.page.locator('#iban').fill('AT611904300234573201');
    await s.page.locator('form[action$="/sepa"] button[type="submit"]').click();
    await s.page.waitForURL(new RegExp(`^${shopUrl}/checkout/success`));
    await s.page.getByRole('heading', { name: 'Payment processing' }).waitFor();
    await expectUpdatesInPlace(s.page, () => emu.emulator.advanceClock(6), 'Thank you! Your order is paid.');
    expect(await s.page.getByRole('link', { name: 'Check again' }).isVisible()).toBe(false);
    expect(await s.page.getByRole('link', { name: 'Cart', exact: true }).textContent()).toBe('Cart');
    expect(problems).toEqual([]);
    await s.ctx.close();
  }, 120_000);
});
