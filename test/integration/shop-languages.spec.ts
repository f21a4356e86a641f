import request from 'supertest';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { createMerchant, csrfFrom, loginAgent, shopHost } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import {
  CARD,
  expectStatus,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
  waitForStatus,
} from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const htmlLang = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];
const eur = (amount: number) =>
  new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(amount);

describe('the storefront in the shopper’s language, among the shop’s languages', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu: s, t } = await stripeApp());
  }, 60_000);

  const visit = (slug: string, path: string, headers: Record<string, string> = {}) => {
    const req = request(t.app.getHttpServer()).get(path).set('Host', shopHost(t, slug));
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  };
  const languagesOf = async (shopId: string) =>
    (await t.db.getRepository(Shop).findOneByOrFail({ id: shopId })).languages;

  it('a French shop offers French then English; a British one English only', async () => {
    expect(await languagesOf((await createMerchant(t, { country: 'FR' })).shop.id)).toEqual(['fr', 'en']);
    expect(await languagesOf((await createMerchant(t, { country: 'BE' })).shop.id)).toEqual(['fr', 'en']);
    expect(await languagesOf((await createMerchant(t, { country: 'GB' })).shop.id)).toEqual(['en']);
    expect(await languagesOf((await createMerchant(t, { country: 'DE' })).shop.id)).toEqual(['en']);
  });

  it('a French shop is French by default and for a German browser, English for an English browser; every answer varies on both headers', async () => {
    const m = await createMerchant(t, { country: 'FR', shopName: 'La Fournée' });
    const browsers: Array<Record<string, string>> = [
      {},
      { 'Accept-Language': 'de-DE,de;q=0.9' },
      { 'Accept-Language': 'fr-FR' },
    ];
    for (const headers of browsers) {
      const home = await visit(m.shop.slug, '/', headers).expect(200);
      expect({ headers, lang: htmlLang(home.text) }).toEqual({ headers, lang: 'fr' });
      expect(home.text).toContain('Aucun produit pour l’instant. Revenez bientôt !');
      expect(home.text).toContain('Propulsé par Comptoir');
      expect(home.text).toContain('data-poll-field="cartLabel">Panier</a>');
      expect(home.text).not.toContain('Powered by');
      expect(home.headers.vary).toMatch(/Accept-Language/);
      expect(home.headers.vary).toMatch(/Cookie/);
    }
    const english = await visit(m.shop.slug, '/cart', { 'Accept-Language': 'en-US,en;q=0.9' }).expect(200);
    expect(htmlLang(english.text)).toBe('en');
    expect(english.text).toContain('Your cart is empty.');
    expect(english.text).not.toContain('Votre panier');
    // Not only pages: the shop's other answers vary too (a cache must not mix them).
    for (const path of ['/robots.txt', '/no-such-page']) {
      const res = await visit(m.shop.slug, path);
      expect({ path, vary: res.headers.vary }).toEqual({ path, vary: 'Accept-Language, Cookie' });
    }
    const missing = await visit(m.shop.slug, '/products/nope', { Accept: 'text/html' }).expect(404);
    expect(htmlLang(missing.text)).toBe('fr');
  });

  it('the no-JS switcher: a CSRF-checked form on the shop host sets a host-only cookie that wins over the browser', async () => {
    const m = await createMerchant(t, { country: 'FR' });
    const host = shopHost(t, m.shop.slug);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/cart').set('Host', host).set('Accept-Language', 'fr').expect(200);
    expect(page.text).toContain("action='/language'");
    expect(page.text).toContain("value='en' lang='en'");
    await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ lang: 'en', next: '/cart' })
      .expect(403);
    const switched = await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), lang: 'en', next: '/cart' })
      .expect(303);
    expect(switched.headers.location).toBe('/cart');
    const cookie = String(switched.headers['set-cookie']);
    expect(cookie).toMatch(/lang=en;.*HttpOnly/);
    expect(cookie).not.toMatch(/Domain=/i);
    const after = await agent.get('/cart').set('Host', host).set('Accept-Language', 'fr').expect(200);
    expect(htmlLang(after.text)).toBe('en');
    expect(after.text).toContain('Your cart');
    // The platform host does not read it (host-only), nor does another shop.
    const other = await createMerchant(t, { country: 'FR' });
    const elsewhere = await visit(other.shop.slug, '/', { 'Accept-Language': 'fr' }).expect(200);
    expect(htmlLang(elsewhere.text)).toBe('fr');
  });

  it('never shows a language the shop does not offer: not for the browser, the cookie or the switcher', async () => {
    const french = await createMerchant(t, { country: 'FR' });
    await setShop(t, french.shop.id, { languages: ['fr'] });
    const page = await visit(french.shop.slug, '/cart', {
      'Accept-Language': 'en',
      Cookie: 'lang=en',
    }).expect(200);
    expect(htmlLang(page.text)).toBe('fr');
    expect(page.text).toContain('Votre panier est vide.');
    expect(page.text).not.toContain("action='/language'");
    // A forged switch to English sets nothing.
    const agent = request.agent(t.app.getHttpServer());
    const host = shopHost(t, french.shop.slug);
    const product = await createProduct(t, french.shop.id, { name: 'Fougasse', publish: true });
    const form = await agent.get(`/products/${product.id}`).set('Host', host).expect(200);
    const refused = await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), lang: 'en', next: '/cart' })
      .expect(303);
    expect(refused.headers['set-cookie']).toBeUndefined();

    const british = await createMerchant(t, { country: 'GB' });
    const gb = await visit(british.shop.slug, '/cart', {
      'Accept-Language': 'fr-FR,fr;q=0.9',
      Cookie: 'lang=fr',
    });
    expect(htmlLang(gb.text)).toBe('en');
    expect(gb.text).toContain('Your cart is empty.');
    expect(gb.text).not.toContain("action='/language'");
  });

  it('the merchant edits the shop’s languages in the settings; the storefront follows at once; another shop is untouched', async () => {
    const mine = await createMerchant(t, { country: 'FR', shopName: 'Mine' });
    const theirs = await createMerchant(t, { country: 'FR', shopName: 'Theirs' });
    const merchant = await loginAgent(t, mine);
    const settings = await merchant.get('/dashboard/settings').expect(200);
    expect(settings.text).toMatch(/<option value='fr' selected>/);
    expect(settings.text).toMatch(/name='languages' value='en' checked/);
    const save = (fields: Array<[string, string]>) =>
      merchant.agent
        .post('/dashboard/settings')
        .set('Host', t.config.appHost)
        .type('form')
        .send(
          new URLSearchParams([
            ['_csrf', merchant.csrf],
            ['name', 'Mine'],
            // A shop id in the form is no way to reach another shop (the DTO drops it).
            ['shopId', theirs.shop.id],
            ...fields,
          ]).toString(),
        );
    // English first, French offered too.
    await save([
      ['defaultLanguage', 'en'],
      ['languages', 'en'],
      ['languages', 'fr'],
    ]).expect(303);
    expect(await languagesOf(mine.shop.id)).toEqual(['en', 'fr']);
    expect(await languagesOf(theirs.shop.id)).toEqual(['fr', 'en']);
    expect(htmlLang((await visit(mine.shop.slug, '/').expect(200)).text)).toBe('en');
    expect(htmlLang((await visit(theirs.shop.slug, '/').expect(200)).text)).toBe('fr');
    // French alone: nothing ticked but the default.
    await save([['defaultLanguage', 'fr']]).expect(303);
    expect(await languagesOf(mine.shop.id)).toEqual(['fr']);
    const now = await visit(mine.shop.slug, '/', { 'Accept-Language': 'en' }).expect(200);
    expect(htmlLang(now.text)).toBe('fr');
    // A language without a catalog is refused, and nothing changes.
    const refused = await save([
      ['defaultLanguage', 'fr'],
      ['languages', 'xx'],
    ]);
    expect(refused.status).toBe(422);
    expect(await languagesOf(mine.shop.id)).toEqual(['fr']);
    expect(await languagesOf(theirs.shop.id)).toEqual(['fr', 'en']);
  });

  it('the order keeps the shopper’s language: Checkout’s locale, the status page and the receipt are French', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Pain de seigle', price: '24.50' }] });
    const shopper = new Shopper(t, shop.shop.slug, 'fr-FR,fr;q=0.9');
    await shopper.add(shop.products[0].id, 2);
    const cart = await shopper.get('/cart').expect(200);
    expect(cart.text).toContain('Passer commande');
    const url = await shopper.checkout('acheteur@example.com');
    const sessionId = sessionIdOf(url);
    const order = await orderBySession(t, sessionId);
    expect(order.language).toBe('fr');
    // Read back from Stripe (the emulator) with the SDK, on the shop's account.
    const session = await s.stripe.checkout.sessions.retrieve(sessionId, {}, { stripeAccount: shop.account });
    expect(session.locale).toBe('fr');

    await payOnEmulator(url, CARD('4242424242424242', 'acheteur@example.com'));
    await waitForStatus(t, order.id, OrderStatus.Paid);
    const [receipt] = await t.db
      .getRepository(OutboxMail)
      .find({ where: { to: 'acheteur@example.com' }, order: { createdAt: 'ASC' } });
    expect(receipt.subject).toBe(`Votre commande n° ${order.number} chez ${shop.shop.name}`);
    expect(receipt.text).toContain(`Merci pour votre commande chez ${shop.shop.name}.`);
    expect(receipt.text).toContain(`Total : ${eur(49)}`);
    expect(receipt.text).toContain('Suivez votre commande ici');
    expect(receipt.text).not.toMatch(/Thank you|Your order|Follow your order/);

    // The private status link from the receipt: French, whatever the browser visiting it says.
    const link = new URL(/(http\S+\/orders\/\S+)/.exec(receipt.text)![1]);
    const statusUrl = `${link.pathname}${link.search}`;
    const status = await visit(shop.shop.slug, statusUrl, { 'Accept-Language': 'en' }).expect(200);
    expect(htmlLang(status.text)).toBe('fr');
    expect(status.text).toContain('Merci ! Votre commande est payée.');
    expect(status.text).toContain(`Commande n° ${order.number}`);
    expect(status.text).not.toContain('Thank you');
    const json = await visit(shop.shop.slug, statusUrl.replace('?', '/status?'), {
      Accept: 'application/json',
    }).expect(200);
    expect(json.body).toMatchObject({ heading: 'Merci ! Votre commande est payée.' });
  }, 60_000);

  it('an English shopper of the same French shop gets locale en; changing language makes a new session', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Baguette', price: '1.20' }] });
    const shopper = new Shopper(t, shop.shop.slug, 'en-GB,en;q=0.9');
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout();
    const session = await s.stripe.checkout.sessions.retrieve(
      sessionIdOf(url),
      {},
      {
        stripeAccount: shop.account,
      },
    );
    expect(session.locale).toBe('en');
    expect((await orderBySession(t, sessionIdOf(url))).language).toBe('en');
    // The same cart, now in French: not the English session again.
    const cart = await shopper.get('/cart').expect(200);
    const switched = await shopper.agent
      .post('/language')
      .set('Host', shopper.host)
      .type('form')
      .send({ _csrf: csrfFrom(cart.text), lang: 'fr', next: '/cart' });
    expectStatus(switched, 303);
    const again = await shopper.checkout();
    expect(sessionIdOf(again)).not.toBe(sessionIdOf(url));
    const french = await s.stripe.checkout.sessions.retrieve(
      sessionIdOf(again),
      {},
      {
        stripeAccount: shop.account,
      },
    );
    expect(french.locale).toBe('fr');
  }, 60_000);

  it('a delayed payment that fails: the shopper’s mail is French', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Boîte à thé', price: '15.00' }] });
    const shopper = new Shopper(t, shop.shop.slug, 'fr');
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout('sepa-echec@example.com');
    await payOnEmulator(
      url,
      { email: 'sepa-echec@example.com', account_holder: 'Sam Shopper', iban: 'AT861904300235473202' },
      '/sepa',
    );
    const order = await waitForStatus(
      t,
      (await orderBySession(t, sessionIdOf(url))).id,
      OrderStatus.AwaitingPayment,
    );
    s.emulator.advanceClock(6);
    await waitForStatus(t, order.id, OrderStatus.PaymentFailed);
    const [mail] = await t.db.getRepository(OutboxMail).find({ where: { to: 'sepa-echec@example.com' } });
    expect(mail.subject).toBe(
      `Échec du paiement de votre commande n° ${order.number} chez ${shop.shop.name}`,
    );
    expect(mail.text).toContain('n’a pas abouti');
    expect(mail.text).toContain(`Total : ${eur(15)}`);
    expect((await t.db.getRepository(Order).findOneByOrFail({ id: order.id })).language).toBe('fr');
  }, 60_000);
});
