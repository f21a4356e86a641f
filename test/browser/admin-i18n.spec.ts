import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAdmin, createMerchant } from '../factories/accounts.js';
import { insertStoredEvent } from '../factories/admin.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

/** Where the screenshots go (looked at by hand: no sideways scroll, no English on a French page). */
const SHOTS = process.env.ADMIN_I18N_SHOTS ?? '/tmp';

describe('the back-office in French and English in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let shopId: string;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
    const m = await createMerchant(t, { shopName: 'Fromagerie Lune', slug: 'fromagerie-lune' });
    shopId = m.shop.id;
    await insertStoredEvent(t, { id: 'evt_i18n_browser_dead', status: 'dead' });
    await t.db.query(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               fee_refunded_amount, paid_at)
       VALUES ($1, 1, 'paid', 'eur', 24500, 1225, 0, '2026-03-10T12:00:00Z'),
              ($1, 2, 'paid', 'eur', 10000, 500, 0, '2026-05-02T12:00:00Z')`,
      [shopId],
    );
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  /** An admin whose stored language is `lang`, logged in through the form, in a `width` px window. */
  async function adminPage(lang: 'fr' | 'en', width: number): Promise<Page> {
    const who = await createAdmin(t);
    await t.db.query('UPDATE app_user SET language = $1 WHERE email = $2', [lang, who.email]);
    // The browser asks for the other language: the stored one must win once logged in.
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'en-US' : 'fr-FR',
    });
    contexts.push(context);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=email]').fill(who.email);
    await page.locator('input[name=password]').fill(who.password);
    await page.locator("form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  const pages = () =>
    [
      ['home', '/admin'],
      ['shops', '/admin/shops'],
      ['shop', `/admin/shops/${shopId}`],
      ['events', '/admin/events'],
      ['event', '/admin/events/evt_i18n_browser_dead'],
      ['users', '/admin/users'],
      ['audit', '/admin/audit'],
      ['revenue', '/admin/revenue'],
      ['mailbox', '/mailbox'],
    ] as const;

  const headings = {
    fr: {
      home: 'Administration',
      shops: 'Boutiques',
      shop: 'Fromagerie Lune',
      events: 'Événements',
      event: 'evt_i18n_browser_dead',
      users: 'Utilisateurs',
      audit: 'Journal d’audit',
      revenue: 'Revenus',
      mailbox: 'Boîte aux lettres',
    },
    en: {
      home: 'Admin',
      shops: 'Shops',
      shop: 'Fromagerie Lune',
      events: 'Events',
      event: 'evt_i18n_browser_dead',
      users: 'Users',
      audit: 'Audit log',
      revenue: 'Revenue',
      mailbox: 'Mailbox',
    },
  };

  // One test per language and width: a loaded machine takes a while over nine pages, each audited by axe.
  it.each([
    ['fr' as const, 390],
    ['fr' as const, 1280],
    ['en' as const, 390],
    ['en' as const, 1280],
  ])(
    'shows every admin page in the admin’s language (%s) at %i px without sideways scroll',
    async (lang, width) => {
      const page = await adminPage(lang, width);
      for (const [name, path] of pages()) {
        expect((await page.goto(`${t.baseUrl}${path}`))?.status()).toBe(200);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(headings[lang][name]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        await page.screenshot({ path: `${SHOTS}/admin-${name}-${lang}-${width}.png`, fullPage: true });
        expect({ path, width, overflow }).toEqual({ path, width, overflow: 0 });
      }
    },
    300_000,
  );

  it('a French admin suspends a shop and replays an event in French', async () => {
    const page = await adminPage('fr', 390);
    await page.goto(`${t.baseUrl}/admin`);
    await page.getByRole('link', { name: 'Boutiques' }).first().click();
    await page.getByLabel('Rechercher (nom, adresse ou e-mail du propriétaire)').fill('fromagerie');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByRole('link', { name: 'Fromagerie Lune' }).click();
    await page.getByRole('button', { name: 'Suspendre…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suspendre Fromagerie Lune' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/admin-suspend-confirm-fr-390.png`, fullPage: true });
    await page.getByLabel('Motif (montré au commerçant)').fill('Contrefaçons signalées');
    await page.getByRole('button', { name: 'Suspendre la boutique' }).click();
    await page.getByText('La boutique est suspendue : sa vitrine est indisponible.').waitFor();
    expect(await page.getByTestId('suspended-banner').textContent()).toContain('Contrefaçons signalées');

    await page.getByRole('link', { name: 'Événements' }).first().click();
    await page.getByLabel('Sélectionner evt_i18n_browser_dead').check();
    await page.getByRole('button', { name: 'Relancer la sélection…' }).click();
    await page.getByRole('button', { name: 'Relancer l’événement' }).click();
    await page.getByText('1 événement mis en file pour être relancé.').waitFor();

    await page.getByRole('link', { name: 'Journal d’audit' }).click();
    const log = (await page.locator('table').textContent()) ?? '';
    expect(log).toContain('Boutique suspendue');
    expect(log).toContain('Événement relancé');
    await page.screenshot({ path: `${SHOTS}/admin-audit-after-fr-390.png`, fullPage: true });
  }, 180_000);
});
