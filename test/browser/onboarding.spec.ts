import type { Browser } from 'playwright-core';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

describe('payments onboarding in Chromium', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
  });

  it('a new merchant signs up, sets up payments on Stripe’s page and comes back to "active"', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    const base = t.baseUrl!;

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Open your shop' }).click();
    await page.getByLabel('Email').fill('lea@example.com');
    await page.getByLabel('Password').fill('a long and happy password');
    await page.getByLabel('Shop name').fill('Léa Céramique');
    await page.getByLabel('Shop address').fill('lea-ceramique');
    await page.getByRole('button', { name: 'Create my shop' }).click();
    await page.waitForURL(`${base}/dashboard`);
    expect(await page.getByTestId('payments-state').textContent()).toBe('Not started');

    await page.getByRole('button', { name: 'Set up payments' }).click();
    await page.waitForURL(new RegExp(`^${emu.emulator.url}/connect/onboarding/`));
    expect(await page.getByLabel('Business name').inputValue()).toBe('Léa Céramique');
    await page.getByRole('button', { name: 'Agree and submit' }).click();

    await page.waitForURL(`${base}/dashboard/payments/return`);
    await page.getByTestId('returned').waitFor();
    expect(await page.getByTestId('payments-state').textContent()).toBe('Active');

    // The dashboard says so too, from the stored status (kept in sync by account.updated).
    await eventually(async () => {
      await page.goto(`${base}/dashboard`);
      return (await page.getByTestId('payments-state').textContent()) === 'Active';
    });
    const shop = await t.db.getRepository(Shop).findOneByOrFail({ slug: 'lea-ceramique' });
    const account = await emu.stripe.accounts.retrieve(shop.stripeAccountId ?? 'acct_missing');
    expect(account.charges_enabled).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
