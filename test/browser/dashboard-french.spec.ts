import type { Browser } from 'playwright-core';
import { Refund } from '../../src/orders/entities/refund.entity.js';
import { createMerchant, type Merchant } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createPaidOrder, type PaidOrder } from '../factories/orders.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** A French merchant's dashboard on a phone and a desktop: French headings, nothing wider than the screen. */
describe('a French merchant’s dashboard in Chromium', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let browser: Browser;
  let merchant: Merchant;
  let paid: PaidOrder;
  let productId: string;
  let refundId: string;

  beforeAll(async () => {
    ({ emu, t, browser } = await stripeApp({ browser: true }));
    merchant = await createMerchant(t, { language: 'fr', shopName: 'Les Théières de Léa' });
    paid = await createPaidOrder(t, emu, merchant.shop, { email: 'client.fidele@example.com' });
    productId = (await createProduct(t, merchant.shop.id, { name: 'Sucrier en grès', price: '12.50' })).id;
  }, 90_000);

  it('logs in, refunds one item in French, and every dashboard page is French and fits 390 and 1280 px', async () => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/login`);
      await page.getByLabel('E-mail').fill(merchant.email);
      await page.getByLabel('Mot de passe').fill(merchant.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${t.baseUrl}/dashboard`);

      if (width === 390) {
        // The refund form, clicked through in French.
        await page.goto(`${t.baseUrl}/dashboard/orders/${paid.order.id}`);
        await page
          .getByRole('button', { name: /^En rembourser un/ })
          .first()
          .click();
        await page.getByText('Remboursement envoyé.').waitFor();
        expect(await page.getByTestId('order-status').textContent()).toBe('partiellement remboursée');
        refundId = (await t.db.manager.findOneByOrFail(Refund, { orderId: paid.order.id })).id;
      }

      const pages: Array<[string, string, string]> = [
        ['home', '/dashboard', 'Les Théières de Léa'],
        ['products', '/dashboard/products', 'Produits'],
        ['product-new', '/dashboard/products/new', 'Nouveau produit'],
        ['product-edit', `/dashboard/products/${productId}`, 'Sucrier en grès'],
        ['orders', '/dashboard/orders', 'Commandes'],
        ['order', `/dashboard/orders/${paid.order.id}`, `Commande nº ${paid.order.number}`],
        ['refund', `/dashboard/orders/${paid.order.id}/refunds/${refundId}`, 'Remboursement de'],
        ['payments', '/dashboard/payments', 'Paiements'],
        ['money', '/dashboard/money', 'Solde et virements'],
        ['settings', '/dashboard/settings', 'Réglages de la boutique'],
      ];
      for (const [name, path, heading] of pages) {
        expect({ path, status: (await page.goto(`${t.baseUrl}${path}`))?.status() }).toEqual({
          path,
          status: 200,
        });
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(heading);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        await page.screenshot({ path: `/tmp/dashi18n-${name}-fr-${width}.png`, fullPage: true });
        expect({ path, width, overflow }).toEqual({ path, width, overflow: 0 });
      }
      if (width === 1280) {
        // The nine French tabs stay on one line on a laptop (they wrapped once "Livraison" came).
        const rows = await page.evaluate(
          () =>
            new Set([...document.querySelectorAll<HTMLElement>('.dashboard-nav a')].map((a) => a.offsetTop))
              .size,
        );
        expect({ navRows: rows }).toEqual({ navRows: 1 });
      }
      await context.close();
    }
  }, 120_000);
});
