import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import type Stripe from 'stripe';
import { createMerchant } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** A balance's whole amount in one currency (available + pending): what a refund moves. */
const total = (b: Stripe.Balance, currency: string) =>
  [...b.available, ...b.pending].filter((x) => x.currency === currency).reduce((s, x) => s + x.amount, 0);

describe('a merchant refunds one item in Chromium', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
  });
  afterAll(async () => {
    await context?.close();
  });

  const balances = async () =>
    (await request(emu.emulator.url).get('/_emulator/balances').expect(200)).body as Record<
      string,
      Stripe.Balance
    >;

  it('sees "partially refunded", and the emulator’s balances show the refund and the returned fee', async () => {
    const m = await createMerchant(t, { shopName: 'Tea Room', currency: 'eur' });
    // 25.00 € teapot + 2 × 10.00 € cups = 45.00 €, fee 2.50 €.
    const paid = await createPaidOrder(t, emu, m.shop);
    expect(t.config.refundApplicationFee).toBe(true);
    const before = await balances();

    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('Email').fill(m.email);
    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${t.baseUrl}/dashboard/orders`);
    await page
      .getByRole('link', { name: `#${paid.order.number}` })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: `Order #${paid.order.number}` }).waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('paid');
    await page.getByRole('button', { name: 'Refund one (€10.00)' }).click();
    await page.getByText('Refund sent.').waitFor();
    expect(await page.getByTestId('order-status').textContent()).toBe('partially refunded');
    expect(await page.getByTestId('refunded').textContent()).toContain('€10.00');

    // The policy (REFUND_APPLICATION_FEE, default true) returns the fee in proportion:
    // round(250 × 1000 / 4500) = 56 cents back from the platform to the shop.
    const feeBack = 56;
    const after = await eventually(async () => {
      const b = await balances();
      return total(b[paid.account], 'eur') !== total(before[paid.account], 'eur') ? b : undefined;
    });
    expect(total(after[paid.account], 'eur') - total(before[paid.account], 'eur')).toBe(-1000 + feeBack);
    expect(total(after.platform, 'eur') - total(before.platform, 'eur')).toBe(-feeBack);
    const fee = await emu.stripe.applicationFees.retrieve(paid.charge.application_fee as string);
    expect(fee.amount_refunded).toBe(feeBack);
    // And the order page agrees once the events arrived.
    await eventually(async () => {
      await page.reload();
      return (await page.getByTestId('fee-refunded').textContent())?.includes('€0.56');
    });
    expect(problems).toEqual([]);
  });
});
