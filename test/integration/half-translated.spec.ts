import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { User } from '../../src/auth/entities/user.entity.js';
import { addLanguage, LANGUAGES, LOCALES_DIR, type Catalog } from '../../src/common/i18n.js';
import { TIME_ZONES } from '../../src/common/dates.js';
import { COUNTRIES, CURRENCIES } from '../../src/tenants/markets.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { orderStatusToken } from '../../src/orders/order-token.js';
import { Refund } from '../../src/orders/entities/refund.entity.js';
import { createAdmin, createMerchant, loginAgent, platformHost, shopHost } from '../factories/accounts.js';
import { appRoutes, fillParams, insertStoredEvent } from '../factories/admin.js';
import { createPaidOrder } from '../factories/orders.js';
import { CollectionsService } from '../../src/catalog/collections.service.js';
import { ShippingZonesService } from '../../src/tenants/shipping-zones.service.js';
import { shopContext } from '../factories/catalog.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';

/**
 * "No page is half-translated" (#21 item 6). Every catalog value of a pseudo-language is the
 * English one wrapped in ⟦…⟧, and the merchant's own data is wrapped in ⟪…⟫; every GET route of
 * the router is rendered on its host, logged in as the role it needs, and its visible text must
 * hold nothing outside those markers but ids, numbers, addresses and brand names. Text outside
 * them is English a template or a service wrote without the catalog.
 */
const PSEUDO = 'qps';
const wrap = (node: unknown): unknown =>
  typeof node === 'string'
    ? `⟦${node}⟧`
    : Object.fromEntries(Object.entries(node as Catalog).map(([k, v]) => [k, wrap(v)]));
addLanguage(PSEUDO, wrap(JSON.parse(readFileSync(join(LOCALES_DIR, 'en.json'), 'utf8'))) as Catalog);

/** Merchant data, recognisable on any page. */
const data = (text: string) => `⟪${text}⟫`;

/** Names that stay as they are in every language. */
const BRANDS = [
  'Stripe Checkout',
  'Stripe',
  'Comptoir',
  'Visa',
  'Mastercard',
  'English',
  'Français',
  'WebP',
  'JPEG',
  'PNG',
];

/** Intl's own words for dates (the pseudo-language formats as English does): not catalog text. */
const INTL_WORDS = (() => {
  const words = new Set<string>(['AM', 'PM', 'UTC']);
  for (const month of ['long', 'short'] as const)
    for (let m = 0; m < 12; m++)
      words.add(new Date(Date.UTC(2026, m, 15)).toLocaleString('en', { month, timeZone: 'UTC' }));
  for (const weekday of ['long', 'short'] as const)
    for (let d = 0; d < 7; d++)
      words.add(new Date(Date.UTC(2026, 0, 4 + d)).toLocaleString('en', { weekday, timeZone: 'UTC' }));
  // Countries, currencies and languages are named by Intl.DisplayNames in the page's language;
  // Intl has no pseudo-language, so it names them as it does in English.
  const display = (type: 'region' | 'currency' | 'language', codes: string[]) => {
    const names = new Intl.DisplayNames('en', { type });
    for (const code of codes) {
      const name = names.of(code) ?? code;
      words.add(name).add(name.charAt(0).toUpperCase() + name.slice(1));
    }
  };
  display(
    'region',
    COUNTRIES.map((c) => c.code),
  );
  display(
    'currency',
    CURRENCIES.map((c) => c.code.toUpperCase()),
  );
  display('language', [...LANGUAGES]);
  return words;
})();

/** The time-zone settings' choices are IANA ids ("Europe/Paris"), the same in every language. */
const ZONES: ReadonlySet<string> = new Set(TIME_ZONES);

/** What is left of a page's text once markers, data and names are taken out: the leaks. */
export function leaksIn(text: string): string[] {
  let rest = text.replace(/⟪[^⟪⟫]*⟫/g, ' ');
  // Innermost first: a value may hold another (a sentence with a translated word in it).
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  // IANA zone ids before names: "Europe/Luxembourg" holds a country's name.
  rest = rest.replace(/\b[A-Za-z_]+(\/[\w+-]+)+/g, (id) => (ZONES.has(id) ? ' ' : id));
  // Names first: a code rule below would cut "US" out of "US Dollar".
  // Longest first: "New Zealand" must not leave the "Dollar" of "New Zealand Dollar".
  for (const name of [...BRANDS, ...INTL_WORDS].sort((a, b) => b.length - a.length))
    rest = rest.replace(new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'gu'), ' ');
  rest = rest
    .replace(/[\w.+-]+@[\w.-]+/g, ' ') // addresses
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\b[\w-]+(\.[\w-]+)*\.localhost(:\d+)?\S*/g, ' ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' ')
    .replace(/\b(acct|evt|re|pi|ch|cs|price|prod|po|txn|dp|py|we)_\w+/g, ' ')
    .replace(/\b[A-Z]{3}\b/g, ' ') // currency codes
    .replace(/\([a-z]{3}\)|\b[a-z]{3}:\d*/g, ' ') // (eur), eur:25 (fee plans, totals)
    .replace(/\b[A-Z]{2}\b/g, ' '); // country codes
  rest = rest
    .replace(/\b[A-Z2-7]{4}( [A-Z2-7]{4}){3,}\b/g, ' ') // a two-factor key, typed by hand
    .replace(/\b[a-z_]+(\.[a-z_]+)+\b/g, ' '); // Stripe's event types
  return rest
    .split(/\n+/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => /\p{L}{2,}/u.test(line));
}

describe('no page is half-translated', () => {
  let app: StripeApp;
  let browser: Browser;
  const leaks = new Map<string, string[]>();
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    app = await stripeApp();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The visible text of a page: what a person reads, buttons and placeholders included. */
  async function visibleText(html: string): Promise<string> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'domcontentloaded' });
      return await page.evaluate(() => {
        // Stored text shown as it was written (a mail, a payload, an audit entry) is marked
        // translate="no", as browsers' translators are told; a name given in its own language
        // carries its lang.
        const pageLang = document.documentElement.lang;
        for (const el of document.querySelectorAll('[translate=no], body [lang]'))
          if (el.getAttribute('translate') === 'no' || el.getAttribute('lang') !== pageLang) el.remove();
        const parts = [document.title, document.body.innerText];
        const named = document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]');
        for (const el of named)
          for (const attr of ['placeholder', 'aria-label', 'title', 'alt'])
            parts.push(el.getAttribute(attr) ?? '');
        for (const input of document.querySelectorAll<HTMLInputElement>(
          'input[type=submit], input[type=button]',
        ))
          parts.push(input.value);
        return parts.join('\n');
      });
    } finally {
      await context.close();
    }
  }

  it('renders every GET page of both hosts in the pseudo-language with no text outside the markers', async () => {
    const { t, emu } = app;
    const merchant = await createMerchant(t, { shopName: data('Fromagerie') });
    await t.db.manager.update(User, { id: merchant.user.id }, { language: PSEUDO });
    // The storefront speaks the shop's languages only: this one offers the pseudo-language, so
    // its pages and the order made below (and its status page, which keeps the order's) use it.
    await t.db.query(`UPDATE shop SET languages = $2 WHERE id = $1`, [merchant.shop.id, [PSEUDO]]);
    const paid = await createPaidOrder(t, emu, merchant.shop, {
      items: [{ name: data('Comté'), unitAmount: 2500, quantity: 1 }],
    });
    const owner = await loginAgent(t, merchant);
    await owner.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1' }).expect(303);
    const [refund] = await t.db.manager.find(Refund, { where: { orderId: paid.order.id } });
    const admin = await createAdmin(t);
    await t.db.manager.update(User, { email: admin.email }, { language: PSEUDO });
    const adminAgent = await loginAgent(t, admin);
    await insertStoredEvent(t, { id: 'evt_half_translated', status: 'dead' });
    const [mail] = await t.db.manager.find(OutboxMail, { order: { createdAt: 'DESC' }, take: 1 });
    await t.db.query('UPDATE product SET description = $2 WHERE shop_id = $1', [
      merchant.shop.id,
      data('Baked this morning.'),
    ]);
    const [product] = await t.db.query<Array<{ id: string }>>(
      'SELECT id FROM product WHERE shop_id = $1 LIMIT 1',
      [merchant.shop.id],
    );
    const collection = await t.app
      .get(CollectionsService)
      .create(await shopContext(t, merchant.shop.id), { title: data('Cheeses'), handle: 'cheeses' });
    await t.app
      .get(CollectionsService)
      .addProduct(await shopContext(t, merchant.shop.id), collection.id, product.id);
    const shipping = t.app.get(ShippingZonesService);
    const zoneId = await shipping.saveZone(await shopContext(t, merchant.shop.id), null, {
      name: data('Europe'),
      countries: 'FR, BE',
    });
    await shipping.saveRate(await shopContext(t, merchant.shop.id), zoneId, null, {
      kind: 'free_above',
      name: data('Colissimo'),
      amount: '4.90',
      freeAbove: '50',
      minDays: '2',
      maxDays: '5',
    });
    const [{ id: rateId }] = await t.db.query<Array<{ id: string }>>(
      'SELECT id FROM shipping_rate WHERE zone_id = $1',
      [zoneId],
    );
    const params: Record<string, string> = {
      zoneId,
      rateId,
      id: paid.order.id,
      refundId: refund.id,
      shopId: merchant.shop.id,
      eventId: 'evt_half_translated',
      kind: 'terms',
    };
    await owner.post('/dashboard/pages/terms', { body: data('Orders are final.') }).expect(303);
    const shop = shopHost(t, merchant.shop.slug);
    const anonymous = (host: string, path: string) =>
      request(t.app.getHttpServer()).get(path).set('Host', host).set('Accept-Language', PSEUDO);

    /** Which agent and URL reach a route on the host where it lives. */
    const visit = (path: string) => {
      if (path.startsWith('/_shop')) {
        const shopPath = path.slice('/_shop'.length) || '/';
        const url = shopPath
          .replace(':handle', 'cheeses')
          .replace(':id', shopPath.startsWith('/products') ? product.id : paid.order.id)
          .replace(':kind', 'terms')
          .concat(
            shopPath.startsWith('/orders/')
              ? `?t=${orderStatusToken(t.config.sessionSecret, paid.order.id)}`
              : '',
          )
          .concat(
            shopPath.startsWith('/checkout/s') ? `?session_id=${paid.order.stripeCheckoutSessionId}` : '',
          );
        return anonymous(shop, url);
      }
      if (path.startsWith('/admin') || path.startsWith('/mailbox'))
        return adminAgent.get(fillParams(path, { ...params, id: mail?.id ?? '' }));
      if (path.startsWith('/dashboard/products/:id')) return owner.get(fillParams(path, { id: product.id }));
      if (path.startsWith('/dashboard/collections/:id'))
        return owner.get(fillParams(path, { id: collection.id }));
      if (path.startsWith('/dashboard') || path.startsWith('/account'))
        return owner.get(fillParams(path, params));
      return anonymous(platformHost(t), path);
    };

    // Not pages: files, feeds, probes, and routes that only redirect by design.
    const NOT_PAGES = [
      /[*{]/, // the catch-all that answers unknown paths with the 404 page
      /^\/(healthz|readyz)$/,
      /\.(css|txt|xml|csv)$/,
      /^\/webhooks\//,
      /^\/dashboard\/payments\/(refresh|return)$/,
      /^\/login\/two-factor$/, // only half-way through a log-in with a second factor
      /^\/dashboard\/shop\/new$/, // a merchant with a shop is sent to it
      /^\/checkout\/cancel$/, // back to the cart
    ];
    // A reset link without a usable token is the page that offers a new one, 410 Gone.
    const expectedStatus = (path: string) => (path === '/reset-password' ? 410 : 200);
    const routes = appRoutes(t.app)
      .filter((r) => r.method === 'GET' && !NOT_PAGES.some((re) => re.test(r.path.replace(/^\/_shop/, ''))))
      .map((r) => r.path);
    expect(routes).toEqual(expect.arrayContaining(['/', '/signup', '/dashboard/orders/:id', '/_shop/cart']));

    for (const path of routes) {
      const res = await visit(path).catch((err: unknown) => {
        throw new Error(`GET ${path}: ${String(err)}`);
      });
      statuses.set(path, res.status);
      if (res.status !== expectedStatus(path) || !String(res.headers['content-type']).includes('html'))
        continue;
      // The shop's address name is the merchant's too (made by the factory, so unmarked).
      const found = leaksIn((await visibleText(res.text)).replaceAll(merchant.shop.slug, '0'));
      if (found.length) leaks.set(path, [...new Set(found)]);
    }

    const report = [...leaks].map(([path, lines]) => `${path}\n  ${lines.join('\n  ')}`).join('\n');
    if (report) process.stdout.write(`\nText outside the catalog, by page:\n${report}\n`);
    expect([...statuses].filter(([path, status]) => status !== expectedStatus(path))).toEqual([]);
    // The platform pages translated so far stay clean (/signup lists countries and currencies
    // by their English names: markets.ts).
    for (const clean of ['/', '/login', '/forgot-password', '/reset-password'])
      expect({ page: clean, leaks: leaks.get(clean) ?? [] }).toEqual({ page: clean, leaks: [] });
    expect(Object.fromEntries(leaks)).toEqual({});
  }, 600_000);

  it('finds English outside the markers, and nothing in marked text, data or brand names', () => {
    expect(leaksIn('⟦Log in⟧ ⟪Comté⟫ Stripe ada@example.com 12.50 EUR 2 Dec 2026')).toEqual([]);
    expect(leaksIn('⟦Time zone⟧ Europe/Paris America/Argentina/Ushuaia Europe/Luxembourg')).toEqual([]);
    expect(leaksIn('⟦Overview⟧ Money')).toEqual(['Money']);
    expect(leaksIn('⟦Time zone⟧ Europe/Nowhere')).toEqual(['Europe/Nowhere']);
    expect(leaksIn('⟦You can refund at most ⟦€12.50⟧⟧\nPending retry')).toEqual(['Pending retry']);
  });
});
