import type { Browser, Page } from 'playwright-core';
import { shopOrigin } from '../../src/common/shop-url.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import {
  CARD,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  waitForStatus,
  type SellingShop,
} from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** English a French storefront page must not show (the layout's and the pages' own words). */
const ENGLISH = [
  'Cart',
  'Add to cart',
  'Quantity',
  'Price',
  'Total:',
  'Checkout',
  'Powered by',
  'Your cart',
  'Remove',
  'Update',
  'Thank you',
  'Continue shopping',
  'Order #',
];

describe('a French shop in Chromium: home, product, cart, status page', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let shop: SellingShop;
  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    shop = await sellingShop(t, emu, {
      products: [
        { name: 'Pain de campagne', price: '4.80' },
        { name: 'Confiture d’abricot', price: '6.50' },
      ],
    });
  }, 90_000);

  /** The page is French, fits the width, shows none of the English words; a screenshot to look at. */
  async function expectFrench(page: Page, name: string, width: number) {
    await page.screenshot({ path: `/tmp/shopi18n-${name}-fr-${width}.png`, fullPage: true });
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const text = await page.locator('body').innerText();
    for (const word of ENGLISH)
      expect({ name, width, english: text.includes(word) ? word : null }).toEqual({
        name,
        width,
        english: null,
      });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ name, width, overflow }).toEqual({ name, width, overflow: 0 });
  }

  it('walks the shop in French at 390 and 1280 px, then switches to English without JavaScript', async () => {
    const origin = shopOrigin(t.config, shop.shop.slug);
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      expect(await page.getByRole('link', { name: 'Panier' }).count()).toBe(1);
      await expectFrench(page, 'home', width);

      await page.getByRole('link', { name: 'Pain de campagne' }).click();
      await page.getByRole('button', { name: 'Ajouter au panier' }).waitFor();
      await expectFrench(page, 'product', width);
      await page.getByLabel('Quantité').fill('2');
      await page.getByRole('button', { name: 'Ajouter au panier' }).click();

      await page.waitForURL(`${origin}/cart`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre panier');
      expect(await page.getByRole('link', { name: 'Panier (2)' }).count()).toBe(1);
      await expectFrench(page, 'cart', width);

      // Checkout in French: Stripe's page is asked for French; paid there, back to our page.
      await page.getByLabel('E-mail pour votre reçu (facultatif)').fill(`client-${width}@example.com`);
      await page.getByRole('button', { name: 'Passer commande' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/c/pay/'));
      const sessionUrl = page.url();
      const order = await orderBySession(t, sessionIdOf(sessionUrl));
      expect(order.language).toBe('fr');
      await payOnEmulator(sessionUrl, CARD('4242424242424242', `client-${width}@example.com`));
      await waitForStatus(t, order.id, OrderStatus.Paid);
      await page.goto(`${origin}/checkout/success?session_id=${sessionIdOf(sessionUrl)}`);
      await page.getByRole('heading', { name: 'Merci ! Votre commande est payée.' }).waitFor();
      expect(await page.getByText(`Commande n° ${order.number}`).count()).toBe(1);
      await expectFrench(page, 'status', width);
      await context.close();
    }

    // The switcher, without scripts: English from then on, for this shop.
    const context = await browser.newContext({
      javaScriptEnabled: false,
      locale: 'fr-FR',
      viewport: { width: 390, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${origin}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('link', { name: 'Cart' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Confiture d’abricot' }).click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(`${origin}/cart`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your cart');
    await page.screenshot({ path: '/tmp/shopi18n-cart-en-390.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await context.close();
  }, 120_000);
});
