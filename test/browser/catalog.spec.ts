import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createMerchant } from '../factories/accounts.js';
import { pngBytes } from '../factories/catalog.js';
import { launchBrowser } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('products in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a merchant adds a product with an image; a shopper sees it on the subdomain and puts it in the cart', async () => {
    const m = await createMerchant(t, { shopName: 'Cheese Corner', slug: 'cheese-corner', currency: 'eur' });
    const imageFile = join(mkdtempSync(join(tmpdir(), 'catalog-browser-')), 'comte.png');
    writeFileSync(imageFile, pngBytes(8));
    const base = t.baseUrl!;
    const problems: string[] = [];

    const merchant = await browser.newContext();
    merchant.setDefaultTimeout(10_000);
    const page = await merchant.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().includes('status of 422')) problems.push(msg.text());
    });
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(m.email);
    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard`);

    await page.goto(`${base}/dashboard/products`);
    await page.getByRole('link', { name: 'Add a product' }).click();
    await page.getByLabel('Name').fill('Comté 18 months');
    await page.getByLabel('Description').fill('Nutty.\nFrom the Jura.');
    await page.getByLabel('Price (EUR)').fill('12.5');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Product created').waitFor();

    await page.getByLabel('Add an image').setInputFiles(imageFile);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Images updated.').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published: shoppers can see it now.').waitFor();

    const shopper = await browser.newContext();
    shopper.setDefaultTimeout(10_000);
    const shop = await shopper.newPage();
    shop.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    const shopUrl = `http://cheese-corner.localhost:${t.config.port}`;
    await shop.goto(shopUrl);
    await shop.getByRole('link', { name: 'Comté 18 months' }).click();
    expect(await shop.getByRole('heading', { level: 1 }).textContent()).toBe('Comté 18 months');
    await shop.getByText('From the Jura.').waitFor();
    const loaded = await shop
      .locator('img.product-image')
      .first()
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(loaded).toBe(8);
    await shop.getByLabel('Quantity').fill('2');
    await shop.getByRole('button', { name: 'Add to cart' }).click();
    await shop.waitForURL(`${shopUrl}/cart`);
    await shop.getByText('Total: €25.00').waitFor();
    expect(await shop.getByRole('link', { name: 'Cart (2)' }).count()).toBe(1);
    const cart = (await shopper.cookies(shopUrl)).find((c) => c.name === 'cart');
    expect(cart?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
    expect(problems).toEqual([]);
  });
});
