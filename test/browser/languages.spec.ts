import type { Browser } from 'playwright-core';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

describe('pages in French in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });

  it('shows a French browser the landing, sign-up and log-in pages in French, without sideways scroll', async () => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
      const page = await context.newPage();
      for (const [path, name, heading] of [
        ['/', 'landing', 'Votre boutique, votre compte Stripe, vos clients.'],
        ['/signup', 'signup', 'Ouvrez votre boutique'],
        ['/login', 'login', 'Connexion'],
        ['/forgot-password', 'forgot', 'Mot de passe oublié ?'],
      ]) {
        expect((await page.goto(`${t.baseUrl}${path}`))?.status()).toBe(200);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ path, width, overflow }).toEqual({ path, width, overflow: 0 });
        await page.screenshot({ path: `/tmp/i18n-${name}-fr-${width}.png`, fullPage: true });
      }
      await context.close();
    }
  });

  it('signs up in French: the dashboard frame and the account page are French and fit a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/signup`);
    await page.getByLabel('E-mail').fill('lea@example.com');
    await page.getByLabel('Mot de passe').fill('correct horse battery staple');
    await page.getByLabel('Nom de la boutique').fill('Chez Léa');
    await page.getByLabel('Adresse de la boutique').fill('chez-lea');
    await page.getByRole('button', { name: 'Créer ma boutique' }).click();
    await page.waitForURL(`${t.baseUrl}/dashboard`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.goto(`${t.baseUrl}/account`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre compte');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: '/tmp/i18n-account-fr-390.png', fullPage: true });
    await context.close();
  });

  it('switches to English with the footer button, no JavaScript, and stays English', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${t.baseUrl}/login`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    await page.goto(`${t.baseUrl}/signup`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Open your shop');
    await context.close();
  });
});
