import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createMerchant } from '../factories/accounts.js';
import { pngBytes } from '../factories/catalog.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

describe('products in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
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
    // A reading that fits no number is refused on the field, with what was typed kept.
    await page.getByLabel('Price (EUR)').fill('1,2,3');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.locator('#price-error').waitFor();
    expect(await page.locator('#price-error').textContent()).toContain('as a number');
    expect(await page.getByLabel('Price (EUR)').inputValue()).toBe('1,2,3');
    expect(await page.getByLabel('Price (EUR)').getAttribute('aria-invalid')).toBe('true');
    // A French merchant writes decimals with a comma: 24,50 is twenty-four euros fifty.
    await page.getByLabel('Price (EUR)').fill('24,50');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Product created').waitFor();
    expect(await page.getByLabel('Price (EUR)').inputValue()).toBe('24.50');

    await page.getByLabel('Add images').setInputFiles(imageFile);
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
    expect(await shop.locator('.price').first().textContent()).toBe('€24.50');
    // The browser loaded the photo's own 8-px copy (naturalWidth would read the srcset's
    // density-corrected width, the `sizes` slot, not the file's).
    const loaded = await shop
      .locator('img.product-image')
      .first()
      .evaluate((img: HTMLImageElement) => ({
        complete: img.complete,
        decoded: img.naturalWidth > 0,
        src: img.currentSrc,
      }));
    expect(loaded).toEqual({ complete: true, decoded: true, src: expect.stringMatching(/-w8\.webp$/) });
    await shop.getByLabel('Quantity').fill('2');
    await shop.getByRole('button', { name: 'Add to cart' }).click();
    await shop.waitForURL(`${shopUrl}/cart`);
    await shop.getByText('Total: €49.00').waitFor();
    expect(await shop.getByRole('link', { name: 'Cart (2)' }).count()).toBe(1);
    const cart = (await shopper.cookies(shopUrl)).find((c) => c.name === 'cart');
    expect(cart?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
    expect(problems).toEqual([]);
  });

  it('a description keeps its indented lines, blank lines and trailing spaces across two saves', async () => {
    const m = await createMerchant(t, { shopName: 'Text Shop', slug: 'text-shop', currency: 'eur' });
    const base = t.baseUrl!;
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(m.email);
    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard`);

    const description = [
      'Ingredients:',
      '  - milk',
      '\t- salt  ',
      '',
      '',
      'Keep cold.   ',
      '    Best within a week.',
    ].join('\n');
    await page.goto(`${base}/dashboard/products/new`);
    await page.getByLabel('Name').fill('Butter');
    await page.getByLabel('Description').fill(description);
    await page.getByLabel('Price (EUR)').fill('4.20');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Product created').waitFor();
    expect(await page.getByLabel('Description').inputValue()).toBe(description);

    for (let save = 1; save <= 2; save++) {
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL(/done=saved/);
      expect(await page.getByLabel('Description').inputValue()).toBe(description);
    }
    const stored = await t.db.query<Array<{ description: string }>>(
      `SELECT description FROM product WHERE shop_id = $1`,
      [m.shop.id],
    );
    expect(stored.map((r) => r.description)).toEqual([description]);
    await context.close();
  });
});
