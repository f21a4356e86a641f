import { mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { CatalogService } from '../../src/catalog/catalog.service.js';
import { ShopImagesService } from '../../src/catalog/shop-images.service.js';
import { shopOrigin } from '../../src/common/shop-url.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { orderStatusToken } from '../../src/orders/order-token.js';
import { shopContext } from '../factories/catalog.js';
import {
  CARD,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
  waitForStatus,
  type SellingShop,
} from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** A temp file as the upload interceptor leaves it: a real photo-like JPEG of that size. */
async function received(t: TestApp, width: number, height: number, colour: string) {
  await mkdir(t.config.uploads.tempDir, { recursive: true });
  const path = join(t.config.uploads.tempDir, `theme-${randomUUID()}.jpg`);
  const data = await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  await writeFile(path, data);
  return { path, size: data.length };
}

/** Every <img> has alt (empty is fine: decorative), width and height. */
async function expectImagesDescribed(page: Page, name: string) {
  const missing = await page
    .locator('img')
    .evaluateAll((imgs: HTMLImageElement[]) =>
      imgs
        .filter(
          (img) =>
            img.getAttribute('alt') === null || !img.getAttribute('width') || !img.getAttribute('height'),
        )
        .map((img) => img.outerHTML),
    );
  expect({ name, missing }).toEqual({ name, missing: [] });
}

describe('the storefront theme at 390 and 1280 px, in English and French', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let shop: SellingShop;
  let origin: string;
  let statusPath: string;

  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    shop = await sellingShop(t, emu, {
      products: [
        { name: 'Linen apron with a rather long name for a phone screen', price: '38.00' },
        { name: 'Enamel mug', price: '12.50' },
        { name: 'Oak spoon', price: '9.00' },
      ],
    });
    origin = shopOrigin(t.config, shop.shop.slug);
    // A light brand colour: buttons get black text, links a darkened copy.
    await setShop(t, shop.shop.id, {
      brandColour: '#ffd43b',
      languages: ['en', 'fr'],
      description: 'Handmade kitchen goods from our workshop in Lyon.\nEvery piece is made to order.',
    });
    const context = await shopContext(t, shop.shop.id);
    const catalog = t.app.get(CatalogService);
    await catalog.addImages(context, shop.products[0].id, [
      await received(t, 1200, 1600, '#336699'),
      await received(t, 1600, 900, '#993366'),
    ]);
    const images = t.app.get(ShopImagesService);
    await images.upload(context, 'logo', [await received(t, 300, 120, '#222222')]);
    await images.upload(context, 'banner', [await received(t, 1600, 500, '#88aa77')]);

    // A paid order, for its status page.
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[1].id, 1);
    const sessionUrl = await shopper.checkout('buyer@example.com');
    const order = await orderBySession(t, sessionIdOf(sessionUrl));
    await payOnEmulator(sessionUrl, CARD('4242424242424242'));
    await waitForStatus(t, order.id, OrderStatus.Paid);
    statusPath = `/orders/${order.id}?t=${orderStatusToken(t.config.sessionSecret, order.id)}`;
  }, 120_000);

  it('the settings page previews the colour and uploads a logo, at 390 and 1280 px in English and French', async () => {
    const base = t.baseUrl!;
    const logo = join(t.config.uploads.tempDir, `theme-logo-${randomUUID()}.png`);
    await sharp({ create: { width: 240, height: 80, channels: 3, background: '#445566' } })
      .png()
      .toFile(logo);
    for (const lang of ['en', 'fr'] as const) {
      // The dashboard speaks the merchant's own language (their account's setting).
      await t.db.query('UPDATE app_user SET language = $1 WHERE id = $2', [lang, shop.user.id]);
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 844 } });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        await page.goto(`${base}/login`);
        await page.getByLabel('Email').fill(shop.email);
        await page.getByLabel('Password').fill(shop.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.waitForURL(`${base}/dashboard`);
        await page.goto(`${base}/dashboard/settings`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        // The preview: black text on the yellow, a darkened link (computed by the stylesheet).
        const colours = await page.evaluate(() => ({
          button: getComputedStyle(document.querySelector('.brand-preview-button')!).color,
          background: getComputedStyle(document.querySelector('.brand-preview-button')!).backgroundColor,
          link: getComputedStyle(document.querySelector('.brand-preview-link')!).color,
        }));
        expect(colours.button).toBe('rgb(0, 0, 0)');
        expect(colours.background).toBe('rgb(255, 212, 59)');
        expect(colours.link).not.toBe('rgb(255, 212, 59)');
        await page.getByLabel(lang === 'en' ? 'Choose a logo' : 'Choisir un logo').setInputFiles(logo);
        await page
          .getByRole('button', { name: lang === 'en' ? 'Upload the logo' : 'Envoyer le logo' })
          .click();
        await page.getByText(lang === 'en' ? 'Logo saved.' : 'Logo enregistré.').waitFor();
        await page.screenshot({ path: `/tmp/theme-settings-${lang}-${width}.png`, fullPage: true });
        await expectFitsViewport(page);
        await expectImagesDescribed(page, 'settings');
        await context.close();
      }
    }
  }, 90_000);

  for (const lang of ['en', 'fr'] as const) {
    const words =
      lang === 'en'
        ? { add: 'Add to cart', cart: 'Your cart' }
        : { add: 'Ajouter au panier', cart: 'Votre panier' };
    for (const width of [390, 1280]) {
      it(`every page in ${lang} at ${width} px fits, describes its images, keeps the add-to-cart in reach`, async () => {
        const context = await browser.newContext({
          viewport: { width, height: 844 },
          locale: lang === 'en' ? 'en-US' : 'fr-FR',
        });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        const check = async (name: string) => {
          // An order's status page is in the language it was placed in (English here).
          expect(await page.locator('html').getAttribute('lang')).toBe(name === 'status' ? 'en' : lang);
          await page.screenshot({ path: `/tmp/theme-${name}-${lang}-${width}.png`, fullPage: true });
          await expectFitsViewport(page);
          await expectImagesDescribed(page, name);
        };

        await page.goto(`${origin}/`);
        await page.locator('img.shop-banner').waitFor();
        await page.getByText('Every piece is made to order.').waitFor();
        expect(await page.locator('header img.shop-logo').count()).toBe(1);
        expect(await page.locator('.product-card img.product-image').count()).toBe(3);
        await check('home');

        await page.goto(`${origin}/products/${shop.products[0].id}`);
        expect(await page.locator('.gallery-slide img').count()).toBe(3);
        expect(await page.locator('.gallery-thumbs a').count()).toBe(3);
        // The add-to-cart is on screen as the page opens: no scrolling to reach it.
        const button = page.getByRole('button', { name: words.add });
        const box = await button.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height).toBeLessThanOrEqual(844);
        expect(await button.evaluate((b) => b.getBoundingClientRect().bottom <= window.innerHeight)).toBe(
          true,
        );
        await check('product');
        // A thumbnail shows its picture without scripts (a link to its anchor).
        await page.locator('.gallery-thumbs a').nth(2).click();
        await page.waitForURL(/#image-3$/);

        await button.click();
        await page.waitForURL(`${origin}/cart`);
        await page.goto(`${origin}/products/${shop.products[2].id}`);
        await page.getByRole('button', { name: words.add }).click();
        await page.waitForURL(`${origin}/cart`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(words.cart);
        expect(await page.locator('.cart-line').count()).toBe(2);
        expect(await page.locator('.cart-line img').count()).toBe(2);
        await check('cart');
        if (width === 390) {
          // The cart's thumbnails and quantities fit the narrowest phones too.
          await page.setViewportSize({ width: 360, height: 740 });
          await expectFitsViewport(page);
          await page.screenshot({ path: `/tmp/theme-cart-${lang}-360.png`, fullPage: true });
          await page.setViewportSize({ width, height: 844 });
        }

        await page.goto(`${origin}${statusPath}`);
        await page.locator('.order-state').waitFor();
        await check('status');

        const missing = await page.goto(`${origin}/products/${randomUUID()}`);
        expect(missing?.status()).toBe(404);
        // Its way back is readable: a button-styled link keeps the button's text colour.
        const back = page.locator('main a.button').first();
        if (await back.count()) {
          const colours = await back.evaluate((a) => [
            getComputedStyle(a).color,
            getComputedStyle(a).backgroundColor,
          ]);
          expect(colours[0]).not.toBe(colours[1]);
        }
        await check('404');
        await context.close();
      }, 90_000);
    }
  }
});
