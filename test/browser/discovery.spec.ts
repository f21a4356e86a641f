import type { Browser, Page } from 'playwright-core';
import { shopOrigin } from '../../src/common/shop-url.js';
import { CollectionsService } from '../../src/catalog/collections.service.js';
import { createMerchant, type Merchant } from '../factories/accounts.js';
import { createProduct, shopContext } from '../factories/catalog.js';
import { browserApp } from '../support/browser-app.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import type { TestApp } from '../support/test-app.js';

/** The words of each language the journey clicks and reads. */
const WORDS = {
  en: {
    search: 'Search this shop',
    submit: 'Search',
    results: 'Results for “tase en grès”',
    sort: 'Price: high to low',
  },
  fr: {
    search: 'Rechercher dans la boutique',
    submit: 'Rechercher',
    results: 'Résultats pour « tase en grès »',
    sort: 'Prix décroissant',
  },
} as const;

describe('discovery in Chromium: search box, results, collection page', () => {
  let t: TestApp;
  let browser: Browser;
  let merchant: Merchant;
  let giftsId: string;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
    merchant = await createMerchant(t, { shopName: 'Atelier de la Butte', country: 'FR', language: 'fr' });
    const cup = await createProduct(t, merchant.shop.id, {
      name: 'Tasse en grès',
      price: '18',
      publish: true,
    });
    const bowl = await createProduct(t, merchant.shop.id, {
      name: 'Bol en grès émaillé, grand modèle pour le petit-déjeuner',
      price: '32',
      publish: true,
    });
    await createProduct(t, merchant.shop.id, { name: 'Vase', price: '45', publish: true });
    const shop = await shopContext(t, merchant.shop.id);
    const collections = t.app.get(CollectionsService);
    const tableware = await collections.create(shop, {
      title: 'Arts de la table',
      description: 'Tasses et bols tournés à la main.',
    });
    giftsId = (await collections.create(shop, { title: 'Cadeaux' })).id;
    for (const p of [bowl, cup]) await collections.addProduct(shop, tableware.id, p.id);
  }, 90_000);

  async function check(page: Page, name: string) {
    await page.screenshot({ path: `/tmp/discovery-${name}.png`, fullPage: true });
    await expectFitsViewport(page);
  }

  for (const lang of ['en', 'fr'] as const) {
    it(`a shopper searches, misspelling a word, then opens a collection (${lang}, 390 and 1280 px)`, async () => {
      const origin = shopOrigin(t.config, merchant.shop.slug);
      const words = WORDS[lang];
      for (const width of [390, 1280]) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          locale: lang === 'fr' ? 'fr-FR' : 'en-US',
        });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        await check(page, `home-${lang}-${width}`);
        await page.getByLabel(words.search).fill('tase en grès');
        await page.getByRole('button', { name: words.submit, exact: true }).click();
        await page.waitForURL(/\/search\?q=/);
        await page.getByRole('heading', { level: 1, name: words.results }).waitFor();
        // The closest name first (the fallback also finds the bowl, "en grès" too).
        expect((await page.locator('.product-name').allInnerTexts())[0]).toBe('Tasse en grès');
        await check(page, `search-${lang}-${width}`);

        await page.getByRole('link', { name: 'Arts de la table' }).first().click();
        await page.waitForURL(`${origin}/collections/arts-de-la-table`);
        expect(await page.locator('.product-name').allInnerTexts()).toEqual([
          'Bol en grès émaillé, grand modèle pour le petit-déjeuner',
          'Tasse en grès',
        ]);
        await check(page, `collection-${lang}-${width}`);
        await page.getByRole('link', { name: words.sort }).click();
        await page.waitForURL(/sort=price-desc/);
        expect(await page.locator('.product-name').allInnerTexts()).toEqual([
          'Bol en grès émaillé, grand modèle pour le petit-déjeuner',
          'Tasse en grès',
        ]);
        await context.close();
      }
    });
  }

  it('the merchant arranges a collection on the dashboard (390 and 1280 px)', async () => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const base = t.baseUrl!;
      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill(merchant.email);
      await page.getByLabel('Password').fill(merchant.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/dashboard`);
      await page.getByRole('link', { name: 'Collections' }).first().click();
      await page.waitForURL(`${base}/dashboard/collections`);
      await check(page, `dashboard-list-fr-${width}`);
      await page.getByRole('link', { name: 'Arts de la table', exact: true }).click();
      // The cup goes first, then back down at the next width.
      const move = width === 390 ? 'Monter Tasse en grès' : 'Descendre Tasse en grès';
      await page.getByRole('button', { name: move, exact: true }).click();
      await page.getByText('Produits mis à jour.').waitFor();
      await check(page, `dashboard-edit-fr-${width}`);
      if (width === 390) {
        await page.getByLabel('Nom du produit').fill('vase');
        await page.getByRole('button', { name: 'Chercher' }).click();
        await page.getByRole('button', { name: 'Ajouter Vase' }).click();
        await page.getByText('Produits mis à jour.').waitFor();
      }
      expect(await page.getByTestId('collection-product').count()).toBe(3);
      // Deleting a collection: the confirmation page; cancelled at 390 px, confirmed at 1280 px.
      await page.goto(`${base}/dashboard/collections/${giftsId}`);
      await page.getByRole('link', { name: 'Supprimer cette collection' }).click();
      await page.getByText('Supprimer la collection « Cadeaux » ?').waitFor();
      await check(page, `dashboard-delete-fr-${width}`);
      if (width === 390) {
        await page.getByRole('link', { name: 'Annuler' }).click();
        await page.waitForURL(`${base}/dashboard/collections/${giftsId}`);
      } else {
        await page.getByRole('button', { name: 'Supprimer la collection' }).click();
        await page.getByText('Collection supprimée. Ses produits sont inchangés.').waitFor();
        await check(page, `dashboard-deleted-fr-${width}`);
      }
      await context.close();
    }
  });
});
