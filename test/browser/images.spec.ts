import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { createMerchant } from '../factories/accounts.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

/** Every <img> of the page: what it shows, at which size, with which attributes. */
function images(page: Page, selector = 'img') {
  return page.locator(selector).evaluateAll((imgs: HTMLImageElement[]) =>
    imgs.map((img) => ({
      alt: img.getAttribute('alt'),
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      currentSrc: img.currentSrc,
      naturalWidth: img.naturalWidth,
      shownWidth: img.getBoundingClientRect().width,
      loading: img.getAttribute('loading'),
    })),
  );
}

/**
 * Every <img> of the page once loaded: how wide it is shown (clientWidth), its naturalWidth (which
 * Chromium corrects by the density srcset gave it) and the real width of the file it fetched.
 */
function servedWidths(page: Page) {
  return page.evaluate(() =>
    Promise.all(
      [...document.images].map(async (img) => {
        const probe = new Image();
        probe.src = img.currentSrc;
        await probe.decode();
        return {
          src: img.currentSrc,
          shown: img.clientWidth,
          natural: img.naturalWidth,
          file: probe.naturalWidth,
        };
      }),
    ),
  );
}

/** No picture of the page is fetched at more than twice the width it is shown at. */
async function expectAtMostTwiceShown(page: Page) {
  const served = await servedWidths(page);
  expect(served.length).toBeGreaterThan(0);
  for (const img of served) {
    expect({ ...img, twiceShown: img.natural <= 2 * img.shown && img.file <= 2 * img.shown }).toEqual({
      ...img,
      twiceShown: true,
    });
  }
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('product pictures in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });

  it('a merchant creates and publishes a product with a 4000×3000 photo in one step; a phone gets a copy at most twice as wide as shown', async () => {
    const m = await createMerchant(t, { shopName: 'Pottery Lane', slug: 'pottery-lane', currency: 'eur' });
    const dir = mkdtempSync(join(tmpdir(), 'images-browser-'));
    const big = join(dir, 'bowl.jpg');
    const second = join(dir, 'detail.jpg');
    await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#b5651d' } })
      .jpeg()
      .toFile(big);
    await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#336699' } })
      .jpeg()
      .toFile(second);
    const base = t.baseUrl!;

    const merchant = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    merchant.setDefaultTimeout(20_000);
    const page = await merchant.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(m.email);
    await page.getByLabel('Password').fill(m.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/dashboard`);

    await page.goto(`${base}/dashboard/products/new`);
    await page.getByLabel('Name').fill('Stoneware bowl');
    await page.getByLabel('Price (EUR)').fill('38');
    await page.getByLabel('Add images').setInputFiles([big, second]);
    await page.getByLabel('Publish it now').check();
    await page.screenshot({ path: '/tmp/images-new-en-1280.png', fullPage: true });
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Published: shoppers can see it now.').waitFor();
    // The second picture gets its own text, then goes first.
    await page.getByLabel('Description of image 2').fill('The bowl’s glaze, close up');
    await page.getByRole('button', { name: 'Save description' }).nth(1).click();
    await page.getByText('Images updated.').waitFor();
    await page.getByRole('button', { name: 'Move up (image 2)' }).click();
    await page.getByText('Images updated.').waitFor();
    expect(await page.getByLabel('Description of image 1').inputValue()).toBe('The bowl’s glaze, close up');
    await page.screenshot({ path: '/tmp/images-edit-en-1280.png', fullPage: true });
    const editUrl = page.url();

    for (const width of [390, 1280]) {
      const shopper = await browser.newContext({ viewport: { width, height: 900 } });
      shopper.setDefaultTimeout(20_000);
      const shop = await shopper.newPage();
      const shopUrl = `http://pottery-lane.localhost:${t.config.port}`;
      await shop.goto(shopUrl);
      await shop.waitForLoadState('load');
      const cards = await images(shop);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ alt: 'The bowl’s glaze, close up', width: '640', height: '640' });
      expect(cards[0].naturalWidth).toBeLessThanOrEqual(2 * cards[0].shownWidth);
      expect(await overflow(shop)).toBeLessThanOrEqual(0);
      await shop.screenshot({ path: `/tmp/images-home-en-${width}.png`, fullPage: true });

      await shop.getByRole('link', { name: 'Stoneware bowl' }).click();
      await shop.getByRole('heading', { level: 1 }).waitFor();
      // Scroll to the end so the lazy picture loads too.
      await shop.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await shop.waitForFunction(() =>
        [...document.images].every((img) => img.complete && img.naturalWidth > 0),
      );
      // The gallery's pictures (the thumbnails under them link to each: square crops, alt empty).
      const pictures = await images(shop, '.gallery-slide img');
      expect(pictures.map((p) => [p.alt, p.width, p.height, p.loading])).toEqual([
        ['The bowl’s glaze, close up', '1200', '1600', null],
        ['Stoneware bowl', '1280', '960', 'lazy'],
      ]);
      const thumbnails = await images(shop, '.gallery-thumbs img');
      expect(thumbnails.map((p) => [p.alt, p.width, p.height])).toEqual([
        ['', '640', '640'],
        ['', '640', '640'],
      ]);
      for (const p of pictures) {
        // A resized WebP copy, never the master, and at most twice as wide as it is shown.
        expect(p.currentSrc).toMatch(/-w\d+\.webp$/);
        expect(p.naturalWidth).toBeLessThanOrEqual(2 * p.shownWidth);
        expect(p.naturalWidth).toBeGreaterThanOrEqual(Math.min(p.shownWidth, 1200));
      }
      if (width === 390) expect(pictures[1].naturalWidth).toBeLessThanOrEqual(640);
      // The 4rem thumbnails get the 128 square copy; every picture of the page is at most twice
      // as wide as shown (the acceptance).
      expect((await images(shop, '.gallery-thumbs img')).map((p) => p.currentSrc)).toEqual([
        expect.stringMatching(/-s128\.webp$/),
        expect.stringMatching(/-s128\.webp$/),
      ]);
      await expectAtMostTwiceShown(shop);
      expect(await overflow(shop)).toBeLessThanOrEqual(0);
      await shop.screenshot({ path: `/tmp/images-product-en-${width}.png`, fullPage: true });

      // The cart's thumbnail too.
      await shop.getByRole('button', { name: 'Add to cart' }).click();
      await shop.waitForURL(`${shopUrl}/cart`);
      await shop.waitForFunction(() =>
        [...document.images].every((img) => img.complete && img.naturalWidth > 0),
      );
      expect((await images(shop, '.cart-line img')).map((p) => p.currentSrc)).toEqual([
        expect.stringMatching(/-s128\.webp$/),
      ]);
      await expectAtMostTwiceShown(shop);
      await shop.screenshot({ path: `/tmp/images-cart-en-${width}.png`, fullPage: true });
      await shopper.close();
    }

    // The merchant's pages in French, on a phone too.
    await page.goto(`${base}/account`);
    await page.locator('#language').selectOption('fr');
    await page.locator('form[action="/account/language"] button[type=submit]').click();
    await page.waitForLoadState('load');
    const productId = /\/dashboard\/products\/([0-9a-f-]{36})/.exec(editUrl)![1];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${base}/dashboard/products/new`);
      expect(await page.getByText('Ajouter des images').count()).toBe(1);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `/tmp/images-new-fr-${width}.png`, fullPage: true });
      await page.goto(`${base}/dashboard/products/${productId}`);
      await page.getByText('Description de l’image 1').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `/tmp/images-edit-fr-${width}.png`, fullPage: true });
    }
    await merchant.close();
  }, 180_000);
});
