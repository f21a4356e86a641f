import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service.js';
import { formatDateTime } from '../../src/common/dates.js';
import { createMerchant, type Merchant } from '../factories/accounts.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

const PAID_AT = new Date('2026-12-01T23:30:00Z');

describe('time zones in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function loggedIn(who: Merchant, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('a French merchant picks the shop’s zone and their own, and reads their order in it', async () => {
    const m = await createMerchant(t, { country: 'FR' });
    await t.app.get(AuthService).setLanguage(m.user.id, 'fr');
    const [order] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               customer_email, created_at, paid_at)
       VALUES ($1, 1, 'paid', 'eur', 2450, 120, 'buyer@example.com', $2, $2) RETURNING id`,
      [m.shop.id, PAID_AT],
    );
    const page = await loggedIn(m);

    await page.goto(`${t.baseUrl}/dashboard/orders/${order.id}`);
    await page.locator('time[datetime="2026-12-01T23:30:00.000Z"]').first().waitFor();
    expect(await page.locator('time[datetime="2026-12-01T23:30:00.000Z"]').first().textContent()).toBe(
      formatDateTime(PAID_AT, 'fr', 'Europe/Paris'),
    );

    await page.goto(`${t.baseUrl}/dashboard/settings`);
    const zone = page.getByLabel('Fuseau horaire');
    expect(await zone.inputValue()).toBe('Europe/Paris');
    await zone.selectOption('America/Toronto');
    await page.locator('form[action="/dashboard/settings"] button[type=submit]').click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByLabel('Fuseau horaire').inputValue()).toBe('America/Toronto');

    await page.goto(`${t.baseUrl}/dashboard/orders/${order.id}`);
    expect(await page.locator('time[datetime="2026-12-01T23:30:00.000Z"]').first().textContent()).toBe(
      formatDateTime(PAID_AT, 'fr', 'America/Toronto'),
    );

    await page.goto(`${t.baseUrl}/account`);
    const own = page.getByLabel('Afficher les dates dans le fuseau');
    expect(await own.inputValue()).toBe('');
    await own.selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Enregistrer le fuseau horaire' }).click();
    await page.getByText('Fuseau horaire enregistré.').waitFor();
    expect(await page.getByLabel('Afficher les dates dans le fuseau').inputValue()).toBe('Asia/Tokyo');
  }, 60_000);
});
