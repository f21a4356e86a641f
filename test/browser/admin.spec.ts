import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAdmin, createMerchant } from '../factories/accounts.js';
import { insertStoredEvent } from '../factories/admin.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

describe('an admin in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function loggedIn(who: { email: string; password: string }): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('finds a shop, suspends it, changes its fee, replays a dead event and sees it all in the audit log', async () => {
    const m = await createMerchant(t, { shopName: 'Cheese Corner', slug: 'cheese-corner' });
    await insertStoredEvent(t, { id: 'evt_browser_dead', status: 'dead' });
    const page = await loggedIn(await createAdmin(t));
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });

    await page.goto(`${t.baseUrl}/admin`);
    await page.getByRole('link', { name: 'Shops' }).first().click();
    await page.getByLabel('Search (name, address or owner email)').fill('cheese');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: 'Cheese Corner' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cheese Corner' }).waitFor();

    await page.getByRole('button', { name: 'Suspend…' }).click();
    await page.getByLabel('Reason (shown to the merchant)').fill('Counterfeit goods reported');
    await page.getByRole('button', { name: 'Suspend the shop' }).click();
    await page.getByText('The shop is suspended').waitFor();

    const shopPage = await page.context().newPage();
    const res = await shopPage.goto(`http://cheese-corner.localhost:${t.config.port}/`);
    expect(res?.status()).toBe(503);
    expect(await shopPage.textContent('body')).toContain('This shop is unavailable');
    await shopPage.close();

    await page.getByLabel('Percentage in basis points (blank = platform default)').fill('350');
    await page.getByRole('button', { name: 'Change fee plan…' }).click();
    await page.getByRole('button', { name: 'Save the fee plan' }).click();
    await page.getByText('The fee plan is saved').waitFor();
    expect(await page.getByTestId('effective-plan').textContent()).toContain('350 bps');

    await page.getByRole('link', { name: 'Events' }).first().click();
    await page.getByLabel('Select evt_browser_dead').check();
    await page.getByRole('button', { name: 'Replay selected…' }).click();
    await page.getByRole('button', { name: 'Replay the event' }).click();
    await page.getByText('1 event queued for replay.').waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    const log = (await page.locator('table').textContent()) ?? '';
    expect(log).toContain('Shop suspended');
    expect(log).toContain('Counterfeit goods reported');
    expect(log).toContain('Fee plan changed');
    expect(log).toContain('"feeBps":350');
    expect(log).toContain('Event replayed');
    expect(problems).toEqual([]);

    const merchantPage = await loggedIn(m);
    await merchantPage.goto(`${t.baseUrl}/dashboard`);
    await merchantPage.getByTestId('suspension-banner').waitFor();
    expect(await merchantPage.getByTestId('suspension-banner').textContent()).toContain(
      'Counterfeit goods reported',
    );
  }, 180_000);

  it('disabling a user ends their live session in another browser', async () => {
    const m = await createMerchant(t);
    const merchantPage = await loggedIn(m);
    await merchantPage.goto(`${t.baseUrl}/dashboard`);
    await merchantPage.getByRole('heading', { level: 1 }).waitFor();

    const admin = await loggedIn(await createAdmin(t));
    await admin.goto(`${t.baseUrl}/admin/users?q=${encodeURIComponent(m.email)}`);
    await admin.getByRole('button', { name: `Disable ${m.email}` }).click();
    await admin.getByRole('button', { name: 'Disable the account' }).click();
    await admin.getByText('The account is disabled').waitFor();

    await merchantPage.reload();
    expect(new URL(merchantPage.url()).pathname).toBe('/login');
    const [entry] = await t.db.query(`SELECT action FROM audit_entry WHERE target_id = $1`, [m.user.id]);
    expect(entry).toEqual({ action: 'user.disable' });
  }, 180_000);
});
