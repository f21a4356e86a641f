import type { Browser, Page } from 'playwright-core';
import { shopOrigin } from '../../src/common/shop-url.js';
import { sellingShop, type SellingShop } from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const LABELS = {
  en: {
    email: 'Email',
    password: 'Password',
    logIn: 'Log in',
    manage: 'Options and variants',
    name: 'Name (e.g. Size)',
    values: 'Values',
    generate: 'Save options and generate variants',
    stockOf: (v: string) => `Stock of ${v}`,
    save: 'Save variants',
    choose: 'Choose',
    add: 'Add to cart',
  },
  fr: {
    email: 'E-mail',
    password: 'Mot de passe',
    logIn: 'Se connecter',
    manage: 'Options et variantes',
    name: 'Nom (p. ex. Taille)',
    values: 'Valeurs',
    generate: 'Enregistrer les options et créer les variantes',
    stockOf: (v: string) => `Stock de ${v}`,
    save: 'Enregistrer les variantes',
    choose: 'Choisir',
    add: 'Ajouter au panier',
  },
};

describe('variants in Chromium: the merchant’s options and table, the shopper’s picker (390 and 1280 px, en and fr)', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let shop: SellingShop;
  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    shop = await sellingShop(t, emu, { products: [{ name: 'Mug', price: '12.00', stock: '5' }] });
  }, 90_000);

  async function look(page: Page, name: string) {
    await page.screenshot({ path: `/tmp/variants-${name}.png`, fullPage: true });
    await expectFitsViewport(page);
  }

  it('generates 2 × 3 variants, sets stock in the table, and a shopper picks one without script', async () => {
    const mug = shop.products[0];
    for (const lang of ['en', 'fr'] as const) {
      const l = LABELS[lang];
      await t.db.query('UPDATE app_user SET language = $2 WHERE email = $1', [shop.email, lang]);
      for (const width of [390, 1280]) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
        });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        await page.goto(`${t.baseUrl!}/login`);
        await page.getByLabel(l.email).fill(shop.email);
        await page.getByLabel(l.password).fill(shop.password);
        await page.getByRole('button', { name: l.logIn }).click();
        await page.waitForURL(/\/dashboard/);
        await page.goto(`${t.baseUrl!}/dashboard/products/${mug.id}`);
        await page.getByRole('link', { name: l.manage }).click();
        await page.getByLabel(l.name).first().fill('Colour');
        await page.getByLabel(l.values).first().fill('Blue, Red');
        await page.getByLabel(l.name).nth(1).fill('Size');
        await page.getByLabel(l.values).nth(1).fill('Small, Medium, Large');
        await page.getByRole('button', { name: l.generate }).click();
        await page.getByLabel(l.stockOf('Blue / Large')).fill('4');
        await page.getByLabel(l.stockOf('Red / Small')).fill('2');
        await look(page, `dashboard-${lang}-${width}`);
        await page.getByRole('button', { name: l.save }).click();
        await page.getByLabel(l.stockOf('Blue / Large')).waitFor();
        expect(await page.getByLabel(l.stockOf('Blue / Large')).inputValue()).toBe('4');

        await page.goto(`${t.baseUrl!}/dashboard`);
        await page.getByTestId('low-stock').waitFor();
        await look(page, `home-${lang}-${width}`);

        const origin = shopOrigin(t.config, shop.shop.slug);
        await page.goto(`${origin}/products/${mug.id}`);
        await page.getByLabel('Colour').selectOption('Blue');
        await page.getByLabel('Size').selectOption('Large');
        await page.getByRole('button', { name: l.choose }).click();
        await page.waitForURL(/\?variant=/);
        await page.getByRole('button', { name: l.add }).waitFor();
        await look(page, `product-${lang}-${width}`);
        await page.getByRole('button', { name: l.add }).click();
        await page.waitForURL(`${origin}/cart`);
        expect(await page.locator('body').innerText()).toContain('Mug — Blue / Large');
        await look(page, `cart-${lang}-${width}`);
        await context.close();
      }
    }
  }, 180_000);
});
