import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createMerchant } from '../factories/accounts.js';
import { shopContext } from '../factories/catalog.js';
import { ShippingZonesService } from '../../src/tenants/shipping-zones.service.js';
import { browserApp } from '../support/browser-app.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import type { TestApp } from '../support/test-app.js';

const SHOTS = process.env.RESPONSIVE_SHOTS ?? '/tmp';

describe('the shipping pages of the dashboard on a phone and a desktop, in English and French', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let merchant: { email: string; password: string };
  let zoneId: string;
  let rateId: string;

  beforeAll(async () => {
    ({ t, browser } = await browserApp());
    const m = await createMerchant(t, { country: 'FR', currency: 'eur' });
    merchant = { email: m.email, password: m.password };
    const shipping = t.app.get(ShippingZonesService);
    const shop = await shopContext(t, m.shop.id);
    zoneId = await shipping.saveZone(shop, null, {
      name: 'Europe de l’Ouest et pays limitrophes',
      countries: 'FR, BE, LU, DE, NL, ES, PT, IT, CH, AT',
    });
    await shipping.saveRate(shop, zoneId, null, {
      kind: 'free_above',
      name: 'Colissimo suivi avec remise contre signature',
      amount: '4.90',
      freeAbove: '50',
      minDays: '2',
      maxDays: '5',
    });
    await shipping.saveRate(shop, zoneId, null, {
      kind: 'per_item',
      name: 'Heavy',
      amount: '6',
      perAdditionalItem: '1.50',
    });
    await shipping.saveRate(shop, zoneId, null, {
      kind: 'pickup',
      name: 'Pickup at the workshop',
      minDays: '0',
      maxDays: '0',
    });
    rateId = (await shipping.zone(shop, zoneId)).rates[0].id;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function loggedInPage(lang: 'en' | 'fr', width: number): Promise<Page> {
    await t.db.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, merchant.email]);
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang });
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(merchant.email);
    await page.locator('input[name=password]').fill(merchant.password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it.each([
    ['en' as const, 390],
    ['fr' as const, 390],
    ['en' as const, 1280],
    ['fr' as const, 1280],
  ])(
    '%s at %i px: the list, a zone, a rate and a refused rate fit the page',
    async (lang, width) => {
      const page = await loggedInPage(lang, width);
      const pages = [
        ['list', '/dashboard/shipping'],
        ['zone', `/dashboard/shipping/zones/${zoneId}`],
        ['rate', `/dashboard/shipping/zones/${zoneId}/rates/${rateId}`],
      ] as const;
      for (const [name, path] of pages) {
        expect({ path, status: (await page.goto(`${t.baseUrl}${path}`))?.status() }).toEqual({
          path,
          status: 200,
        });
        await page.screenshot({ path: `${SHOTS}/shipping-${name}-${lang}-${width}.png`, fullPage: true });
        await expectFitsViewport(page);
      }
      await page.locator('#maxDays').fill('1');
      await page.locator('main form button[type=submit]').last().click();
      await page.locator('#maxDays-error').waitFor();
      await page.screenshot({ path: `${SHOTS}/shipping-refused-${lang}-${width}.png`, fullPage: true });
      await expectFitsViewport(page);
    },
    90_000,
  );
});
