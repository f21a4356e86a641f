import type { Browser } from 'playwright-core';
import { createAdmin } from '../factories/accounts.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

describe('a merchant in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    // Workers on: the reset request queues a job, which writes the mail.
    ({ t, browser } = await browserApp({ workers: true }));
  });

  it('signs up, opens the shop, logs out and in, and resets the password through the mailbox (read by the admin)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      // The 422 of the deliberately short password is expected; anything else is a problem.
      if (msg.type() === 'error' && !msg.text().includes('status of 422')) problems.push(msg.text());
    });
    const base = t.baseUrl!;

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Open your shop' }).click();
    await page.getByLabel('Email').fill('maria@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Shop name').fill('Maria Flowers');
    await page.getByLabel('Shop address').fill('maria-flowers');
    await page.getByRole('button', { name: 'Create my shop' }).click();
    // Kept what was typed, explained the problem.
    await page.getByText('Use at least 12 characters.').waitFor();
    expect(await page.getByLabel('Shop name').inputValue()).toBe('Maria Flowers');
    await page.getByLabel('Password').fill('roses are red, violets blue');
    await page.getByRole('button', { name: 'Create my shop' }).click();

    await page.waitForURL(`${base}/dashboard`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Maria Flowers');
    const shopUrl = `http://maria-flowers.localhost:${t.config.port}`;
    expect(await page.getByTestId('public-link').getAttribute('href')).toBe(shopUrl);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    const shop = await context.newPage();
    const shopResponse = await shop.goto(shopUrl);
    expect(shopResponse?.status()).toBe(200);
    expect(await shop.getByRole('heading', { level: 1 }).textContent()).toContain('Maria Flowers');
    // The merchant's session cookie is host-only: the shop host never gets it.
    const shopCookies = await context.cookies(shopUrl);
    expect(shopCookies.map((c) => c.name)).not.toContain('comptoir.sid');
    await shop.close();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login\?out=1$/);
    await page.getByLabel('Email').fill('maria@example.com');
    await page.getByLabel('Password').fill('roses are red, violets blue');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('button', { name: 'Log out' }).click();

    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('maria@example.com');
    await page.getByRole('button', { name: 'Send the link' }).click();
    // The mailbox holds reset links: a visitor who is not logged in is sent to log in.
    await page.getByRole('link', { name: 'mailbox' }).first().click();
    await page.waitForURL(/\/login\?next=%2Fmailbox$/);
    // The operator, in their own browser, logs in as the admin and reads the link.
    const operator = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    operator.setDefaultTimeout(10_000);
    const admin = await createAdmin(t);
    const box = await operator.newPage();
    await box.goto(`${base}/mailbox`);
    await box.getByLabel('Email').fill(admin.email);
    await box.getByLabel('Password').fill(admin.password);
    await box.getByRole('button', { name: 'Log in' }).click();
    await box.waitForURL(`${base}/mailbox`);
    const link = box.getByRole('link', { name: /reset-password\?token=/ }).first();
    // The job may not have written the mail yet: reload, as a person would.
    for (let i = 0; i < 30 && !(await link.count()); i++) {
      await box.waitForTimeout(300);
      await box.reload();
    }
    const href = (await link.getAttribute('href'))!;
    await operator.close();
    await page.goto(href);
    await page.getByLabel('New password').fill('tulips in the spring rain');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.waitForURL(/\/login\?reset=1$/);
    await page.getByLabel('Email').fill('maria@example.com');
    await page.getByLabel('Password').fill('tulips in the spring rain');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard`);

    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
