import request from 'supertest';
import { createMerchant, loginAgent, shopHost, type Merchant } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The product names of a storefront listing, in page order. */
const namesIn = (html: string) =>
  [...html.matchAll(/<h2 class='product-name'>([^<]*)<\/h2>/g)].map((m) => m[1].replace(/&#x27;/g, "'"));

describe('Storefront search', () => {
  let t: TestApp;
  let fr: Merchant; // a French shop: French stems
  let en: Merchant; // an American shop: English stems
  let other: Merchant;
  const http = () => request(t.app.getHttpServer());
  const search = (m: Merchant, query: Record<string, string>) =>
    http().get('/search').query(query).set('Host', shopHost(t, m.shop.slug));

  beforeAll(async () => {
    t = await createTestApp();
    fr = await createMerchant(t, { shopName: 'Atelier Grès', country: 'FR' });
    en = await createMerchant(t, { shopName: 'Trail Gear', country: 'US', currency: 'usd' });
    other = await createMerchant(t, { shopName: 'Autre boutique', country: 'FR' });
    const make = (m: Merchant, name: string, description: string, price: string, publish = true) =>
      createProduct(t, m.shop.id, { name, description, price, publish });
    await make(fr, 'Tasse en grès', 'Émaillée à la main, 25 cl.', '18.00');
    await make(fr, 'Bol en céramique', 'Pour le petit-déjeuner.', '24.00');
    await make(fr, 'Vase haut', 'Assorti à nos tasses.', '40.00');
    await make(fr, 'Théière fonte', 'Garde le thé chaud.', '55.00');
    await make(fr, 'Tasse brouillon', 'Pas encore en vente.', '10.00', false);
    await make(en, 'Running shoes', 'Light shoes for long trails.', '90.00');
    await make(en, 'Stoneware mugs', 'A pair of mugs, glazed by hand.', '30.00');
    await make(en, 'Café table', 'Folding table for the campsite.', '70.00');
    await make(other, 'Tasse bleue', 'Une tasse secrète de l’autre boutique.', '12.00');
  });
  afterAll(() => t.close());

  it('finds words whatever their accents, in the French shop', async () => {
    expect(namesIn((await search(fr, { q: 'tasse gres' }).expect(200)).text)).toEqual(['Tasse en grès']);
    expect(namesIn((await search(fr, { q: 'TASSE EN GRÈS' }).expect(200)).text)).toEqual(['Tasse en grès']);
    // In the description, accents typed or not.
    expect(namesIn((await search(fr, { q: 'emaillee' }).expect(200)).text)).toEqual(['Tasse en grès']);
    expect(namesIn((await search(fr, { q: 'céramique' }).expect(200)).text)).toEqual(['Bol en céramique']);
    expect(namesIn((await search(fr, { q: 'theiere' }).expect(200)).text)).toEqual(['Théière fonte']);
  });

  it('matches French and English stems, a name match ranked above a description one', async () => {
    // "tasses" and "tasse" are one stem; the vase mentions tasses in its description only.
    expect(namesIn((await search(fr, { q: 'tasses' }).expect(200)).text)).toEqual([
      'Tasse en grès',
      'Vase haut',
    ]);
    expect(namesIn((await search(en, { q: 'mug' }).expect(200)).text)).toEqual(['Stoneware mugs']);
    expect(namesIn((await search(en, { q: 'run' }).expect(200)).text)).toEqual(['Running shoes']);
    expect(namesIn((await search(en, { q: 'trail' }).expect(200)).text)).toEqual(['Running shoes']);
    expect(namesIn((await search(en, { q: 'cafe' }).expect(200)).text)).toEqual(['Café table']);
  });

  it('still finds a product when a word is misspelt (trigram fallback)', async () => {
    expect(namesIn((await search(fr, { q: 'tase en grès' }).expect(200)).text)).toEqual(['Tasse en grès']);
    expect(namesIn((await search(en, { q: 'stonware' }).expect(200)).text)).toEqual(['Stoneware mugs']);
  });

  it("never finds another shop's products, nor unpublished ones", async () => {
    expect(namesIn((await search(fr, { q: 'bleue' }).expect(200)).text)).toEqual([]);
    expect(namesIn((await search(fr, { q: 'secrète' }).expect(200)).text)).toEqual([]);
    // The fallback finds this shop's own cup, never the other shop's blue one.
    for (const q of ['tasse bleue', 'tase bleu', 'tasse bleu']) {
      expect(namesIn((await search(fr, { q }).expect(200)).text)).not.toContain('Tasse bleue');
    }
    for (const q of ['brouillon', 'brouilon', 'encore en vente']) {
      expect(namesIn((await search(fr, { q }).expect(200)).text)).toEqual([]);
    }
    expect(namesIn((await search(other, { q: 'tasse' }).expect(200)).text)).toEqual(['Tasse bleue']);
    expect(namesIn((await search(en, { q: 'tasse' }).expect(200)).text)).toEqual([]);
  });

  it('sorts results by price both ways, with canonical, noindex result pages', async () => {
    const up = await search(fr, { q: 'tasse vase bol', sort: 'price-asc' }).expect(200);
    // websearch syntax: words are ANDed, so "or" them.
    const any = await search(fr, { q: 'tasse or bol or vase', sort: 'price-asc' }).expect(200);
    expect(namesIn(up.text)).toEqual([]);
    expect(namesIn(any.text)).toEqual(['Tasse en grès', 'Bol en céramique', 'Vase haut']);
    const down = await search(fr, { q: 'tasse or bol or vase', sort: 'price-desc' }).expect(200);
    expect(namesIn(down.text)).toEqual(['Vase haut', 'Bol en céramique', 'Tasse en grès']);
    expect(down.text).toContain('<meta name="robots" content="noindex">');
    expect(down.text).toMatch(
      /<link rel="canonical" href="[^"]+\/search\?q&#x3D;tasse\+or\+bol\+or\+vase&amp;sort&#x3D;price-desc">/,
    );
    expect(down.text).toContain("aria-current='true'>Prix décroissant</a>");
  });

  it('has a labelled search box on every shop page, keeping the words searched', async () => {
    for (const path of ['/', '/cart']) {
      const page = await http().get(path).set('Host', shopHost(t, en.shop.slug)).expect(200);
      expect(page.text).toContain("<form class='search-form' method='get' action='/search' role='search'>");
      expect(page.text).toContain("<label for='shop-search'>Search this shop</label>");
    }
    const found = await search(fr, { q: '<tasse>' }).expect(200);
    expect(found.text).toContain("value='&lt;tasse&gt;'");
    expect(found.text).not.toContain('<tasse>');
  });

  it('suggests the collections when nothing matches', async () => {
    const m = await loginAgent(t, fr);
    await m.post('/dashboard/collections', { title: 'Tasses et bols' }).expect(303);
    // The shop's own language (French) first; English when the shopper's browser asks for it.
    const none = await search(fr, { q: 'parapluie' }).expect(200);
    expect(namesIn(none.text)).toEqual([]);
    expect(none.text).toContain('Rien ne correspond à « parapluie »');
    expect(none.text).toContain('Parcourir nos collections');
    expect(none.text).toContain("<li><a href='/collections/tasses-et-bols'>Tasses et bols</a></li>");
    const english = await search(fr, { q: 'parapluie' }).set('Accept-Language', 'en').expect(200);
    expect(english.text).toContain('Nothing here matches “parapluie”');
  });

  it('pages results 24 at a time', async () => {
    const shop = { id: en.shop.id };
    for (let i = 0; i < 25; i++)
      await createProduct(t, shop.id, { name: `Tent ${i}`, price: '100.00', publish: true });
    const first = await search(en, { q: 'tent' }).expect(200);
    expect(namesIn(first.text)).toHaveLength(24);
    expect(first.text).toContain("<a rel='next' href='/search?q&#x3D;tent&amp;page&#x3D;2'>");
    const second = await search(en, { q: 'tent', page: '2' }).expect(200);
    expect(namesIn(second.text)).toHaveLength(1);
    expect(second.text).not.toContain("rel='next'");
  });
});
