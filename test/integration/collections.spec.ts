import request from 'supertest';
import { Collection } from '../../src/catalog/entities/collection.entity.js';
import {
  createMerchant,
  loginAgent,
  shopHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct, insertPublishedProducts } from '../factories/catalog.js';
import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const namesIn = (html: string) =>
  [...html.matchAll(/<h2 class='product-name'>([^<]*)<\/h2>/g)].map((m) => m[1]);
/** The product page's ticked collection boxes, as the form posts them. */
const ticked = (...ids: string[]) => ({ collectionIds: ids }) as unknown as Record<string, string>;
const idOf = (location: string) => /\/dashboard\/collections\/([0-9a-f-]{36})/.exec(location)![1];

describe('Collections', () => {
  let t: TestApp;
  let alice: Merchant;
  let bob: Merchant;
  let a: LoggedInAgent;
  let b: LoggedInAgent;
  const http = () => request(t.app.getHttpServer());
  const shopGet = (m: Merchant, path: string) => http().get(path).set('Host', shopHost(t, m.shop.slug));

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createMerchant(t, { shopName: 'Alice Pottery', country: 'US', currency: 'usd' });
    bob = await createMerchant(t, { shopName: 'Bob Books', country: 'US', currency: 'usd' });
    a = await loginAgent(t, alice);
    b = await loginAgent(t, bob);
  });
  afterAll(() => t.close());

  it('creates a collection from the form, explaining errors and keeping the input', async () => {
    const bad = await a
      .post('/dashboard/collections', { title: ' ', handle: 'Not A Handle', description: 'Kept text' })
      .expect(422);
    expect(bad.text).toContain('Enter a title.');
    expect(bad.text).toContain('lowercase letters, digits and single hyphens');
    expect(bad.text).toContain("value='Not A Handle'");
    expect(bad.text).toContain('Kept text</textarea>');
    const ok = await a
      .post('/dashboard/collections', {
        title: 'Mugs & Cups',
        description: 'Glazed by hand.\nDishwasher safe.',
      })
      .expect(303);
    const row = await t.db.getRepository(Collection).findOneByOrFail({ id: idOf(ok.headers.location) });
    expect(row).toMatchObject({ handle: 'mugs-cups', shopId: alice.shop.id, title: 'Mugs & Cups' });
    const list = await a.get('/dashboard/collections').expect(200);
    expect(list.text).toContain("Mugs &amp; Cups</a> <span class='muted'>0 products</span>");
    expect(list.text).toContain("<a href='/dashboard/collections' aria-current='page'>Collections</a>");
  });

  it('keeps the merchant order of products, shown on the storefront with drafts left out', async () => {
    const created = await a.post('/dashboard/collections', { title: 'Bowls', handle: 'bowls' }).expect(303);
    const id = idOf(created.headers.location);
    const p1 = await createProduct(t, alice.shop.id, { name: 'Small bowl', price: '10.00', publish: true });
    const p2 = await createProduct(t, alice.shop.id, { name: 'Large bowl', price: '30.00', publish: true });
    const p3 = await createProduct(t, alice.shop.id, { name: 'Medium bowl', price: '20.00', publish: true });
    const draft = await createProduct(t, alice.shop.id, { name: 'Draft bowl' });
    // Found by name on the collection's page, then added.
    const found = await a.get(`/dashboard/collections/${id}?q=bowl`).expect(200);
    for (const p of [p1, p2, p3, draft]) expect(found.text).toContain(`value='${p.id}'`);
    for (const p of [p1, p2, p3, draft])
      await a.post(`/dashboard/collections/${id}/products`, { productId: p.id }).expect(303);
    // Adding twice keeps one.
    await a.post(`/dashboard/collections/${id}/products`, { productId: p1.id }).expect(303);
    expect(namesIn((await shopGet(alice, '/collections/bowls').expect(200)).text)).toEqual([
      'Small bowl',
      'Large bowl',
      'Medium bowl',
    ]);
    await a.post(`/dashboard/collections/${id}/products/${p3.id}/up`).expect(303);
    await a.post(`/dashboard/collections/${id}/products/${p1.id}/down`).expect(303);
    // Moving the first up or the last down changes nothing.
    await a.post(`/dashboard/collections/${id}/products/${draft.id}/down`).expect(303);
    const page = await shopGet(alice, '/collections/bowls').expect(200);
    expect(namesIn(page.text)).toEqual(['Medium bowl', 'Small bowl', 'Large bowl']);
    expect(page.text).toContain('<h1>Bowls</h1>');
    // Sorted by price, with a canonical URL naming the order.
    const cheap = await shopGet(alice, '/collections/bowls?sort=price-desc&utm_source=x').expect(200);
    expect(namesIn(cheap.text)).toEqual(['Large bowl', 'Medium bowl', 'Small bowl']);
    expect(cheap.text).toMatch(
      /<link rel="canonical" href="http:\/\/[^"]+\/collections\/bowls\?sort&#x3D;price-desc">/,
    );
    const edit = await a.get(`/dashboard/collections/${id}`).expect(200);
    expect(
      [...edit.text.matchAll(/<a href='\/dashboard\/products\/[^']+'>([^<]+)<\/a>/g)].map((m) => m[1]),
    ).toEqual(['Medium bowl', 'Small bowl', 'Large bowl', 'Draft bowl']);
    await a.post(`/dashboard/collections/${id}/products/${p1.id}/remove`).expect(303);
    expect(namesIn((await shopGet(alice, '/collections/bowls').expect(200)).text)).toEqual([
      'Medium bowl',
      'Large bowl',
    ]);
    // Linked from the shop's header; listed in the sitemap.
    const home = await shopGet(alice, '/').expect(200);
    expect(home.text).toContain("<a href='/collections/bowls'>Bowls</a>");
    const sitemap = await shopGet(alice, '/sitemap.xml').expect(200);
    expect(sitemap.text).toMatch(/<loc>http:\/\/[^<]+\/collections\/bowls<\/loc><lastmod>/);
  });

  it('puts a product in collections from its own page', async () => {
    const c1 = idOf(
      (await a.post('/dashboard/collections', { title: 'Gifts' }).expect(303)).headers.location,
    );
    const c2 = idOf((await a.post('/dashboard/collections', { title: 'Sale' }).expect(303)).headers.location);
    const p = await createProduct(t, alice.shop.id, { name: 'Teapot', publish: true });
    const edit = await a.get(`/dashboard/products/${p.id}`).expect(200);
    expect(edit.text).toContain(`<input type='checkbox' name='collectionIds' value='${c1}'  /> Gifts`);
    await a.post(`/dashboard/products/${p.id}/collections`, ticked(c1, c2)).expect(303);
    expect(namesIn((await shopGet(alice, '/collections/gifts').expect(200)).text)).toEqual(['Teapot']);
    await a.post(`/dashboard/products/${p.id}/collections`, { collectionIds: c2 }).expect(303);
    expect(namesIn((await shopGet(alice, '/collections/gifts').expect(200)).text)).toEqual([]);
    expect(namesIn((await shopGet(alice, '/collections/sale').expect(200)).text)).toEqual(['Teapot']);
    const again = await a.get(`/dashboard/products/${p.id}`).expect(200);
    expect(again.text).toContain(`value='${c2}' checked /> Sale`);
    // A refused save of the product shows the fieldset too.
    const refused = await a.post(`/dashboard/products/${p.id}`, { name: ' ', price: 'abc' }).expect(422);
    expect(refused.text).toContain(`value='${c2}' checked /> Sale`);
  });

  it("answers not found for another shop's collections and products, on every route", async () => {
    const bobs = idOf(
      (await b.post('/dashboard/collections', { title: 'Novels', handle: 'novels' }).expect(303)).headers
        .location,
    );
    const bobsProduct = await createProduct(t, bob.shop.id, { name: 'Novel', publish: true });
    await b.post(`/dashboard/collections/${bobs}/products`, { productId: bobsProduct.id }).expect(303);
    const mine = idOf(
      (await a.post('/dashboard/collections', { title: 'Plates' }).expect(303)).headers.location,
    );
    const myProduct = await createProduct(t, alice.shop.id, { name: 'Plate', publish: true });
    await a.get(`/dashboard/collections/${bobs}`).expect(404);
    await a.get('/dashboard/collections/not-a-uuid').expect(404);
    await a.post(`/dashboard/collections/${bobs}`, { title: 'Mine now' }).expect(404);
    await a.post(`/dashboard/collections/${bobs}/products`, { productId: myProduct.id }).expect(404);
    await a.post(`/dashboard/collections/${bobs}/products/${bobsProduct.id}/up`).expect(404);
    await a.post(`/dashboard/collections/${bobs}/products/${bobsProduct.id}/down`).expect(404);
    await a.post(`/dashboard/collections/${bobs}/products/${bobsProduct.id}/remove`).expect(404);
    await a.get(`/dashboard/collections/${bobs}/delete`).expect(404);
    await a.get('/dashboard/collections/not-a-uuid/delete').expect(404);
    await a.post(`/dashboard/collections/${bobs}/delete`).expect(404);
    await a.post('/dashboard/collections/not-a-uuid/delete').expect(404);
    // My collection, their product.
    await a.post(`/dashboard/collections/${mine}/products`, { productId: bobsProduct.id }).expect(404);
    await a.post(`/dashboard/collections/${mine}/products`, { productId: 'junk' }).expect(404);
    await a.post(`/dashboard/collections/${mine}/products/${bobsProduct.id}/remove`).expect(404);
    await a.post(`/dashboard/collections/${mine}/products/${bobsProduct.id}/up`).expect(404);
    // My product, their collection; their product, my collection.
    await a.post(`/dashboard/products/${myProduct.id}/collections`, ticked(bobs)).expect(404);
    await a.post(`/dashboard/products/${bobsProduct.id}/collections`, ticked(mine)).expect(404);
    // The storefront: their handle on my shop.
    await shopGet(alice, '/collections/novels').expect(404);
    await shopGet(alice, '/collections/NOT..valid').expect(404);
    expect(namesIn((await shopGet(bob, '/collections/novels').expect(200)).text)).toEqual(['Novel']);
    const row = await t.db.getRepository(Collection).findOneByOrFail({ id: bobs });
    expect(row.title).toBe('Novels');
    expect((await shopGet(alice, '/').expect(200)).text).not.toContain('/collections/novels');
  });

  it('deletes a collection after a confirmation, leaving its products and updating the header', async () => {
    const m = await createMerchant(t, { shopName: 'Deleting shop', country: 'FR' });
    const agent = await loginAgent(t, m);
    const id = idOf(
      (await agent.post('/dashboard/collections', { title: 'Soon gone', handle: 'soon-gone' }).expect(303))
        .headers.location,
    );
    const product = await createProduct(t, m.shop.id, { name: 'Survivor', publish: true });
    await agent.post(`/dashboard/collections/${id}/products`, { productId: product.id }).expect(303);
    expect((await shopGet(m, '/').expect(200)).text).toContain('/collections/soon-gone');

    expect((await agent.get(`/dashboard/collections/${id}`).expect(200)).text).toContain(
      `href='/dashboard/collections/${id}/delete'`,
    );
    const confirm = await agent.get(`/dashboard/collections/${id}/delete`).expect(200);
    expect(confirm.text).toContain('Delete the collection “Soon gone”?');
    expect(confirm.text).toContain(`action='/dashboard/collections/${id}/delete'`);
    expect(confirm.text).toContain("name='_csrf'");

    const done = await agent.post(`/dashboard/collections/${id}/delete`).expect(303);
    expect(done.headers.location).toBe('/dashboard/collections?done=deleted');
    expect((await agent.get(done.headers.location).expect(200)).text).toContain(
      'Collection deleted. Its products are unchanged.',
    );
    expect(await t.db.getRepository(Collection).findOneBy({ id })).toBeNull();
    const [{ n }] = await t.db.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM collection_product WHERE collection_id = $1',
      [id],
    );
    expect(n).toBe(0);
    const [kept] = await t.db.query<Array<{ published: boolean; archived_at: Date | null }>>(
      'SELECT published, archived_at FROM product WHERE id = $1',
      [product.id],
    );
    expect(kept).toEqual({ published: true, archived_at: null });
    expect((await shopGet(m, '/').expect(200)).text).not.toContain('/collections/soon-gone');
    await shopGet(m, '/collections/soon-gone').expect(404);
    await agent.get(`/dashboard/collections/${id}/delete`).expect(404);
    await agent.post(`/dashboard/collections/${id}/delete`).expect(404);
  });

  it('gives twenty concurrent collections of one title their own handles', async () => {
    const m = await createMerchant(t, { shopName: 'Busy shop', country: 'US', currency: 'usd' });
    const agent = await loginAgent(t, m);
    const made = await Promise.all(
      Array.from({ length: 20 }, () => agent.post('/dashboard/collections', { title: 'Summer' })),
    );
    expect(made.map((r) => r.status)).toEqual(Array(20).fill(303));
    const handles = (await t.db.getRepository(Collection).findBy({ shopId: m.shop.id }))
      .map((c) => c.handle)
      .sort();
    expect(new Set(handles).size).toBe(20);
    expect(handles).toContain('summer');
    expect(handles).toContain('summer-20');
  });

  it('lets one of twenty concurrent creations have a typed handle and tells the others', async () => {
    const m = await createMerchant(t, { shopName: 'Race shop', country: 'FR' });
    const agent = await loginAgent(t, m);
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        agent.post('/dashboard/collections', { title: `Été ${i}`, handle: 'ete' }),
      ),
    );
    const statuses = made.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(19);
    const refused = made.find((r) => r.status === 422)!;
    expect(refused.text).toContain('Another of your collections already has this address');
    expect(await t.db.getRepository(Collection).countBy({ shopId: m.shop.id })).toBe(1);
    // Renaming another collection to that handle is refused too.
    const other = idOf(
      (await agent.post('/dashboard/collections', { title: 'Hiver' }).expect(303)).headers.location,
    );
    const clash = await agent
      .post(`/dashboard/collections/${other}`, { title: 'Hiver', handle: 'ete' })
      .expect(422);
    expect(clash.text).toContain('Another of your collections already has this address');
  });

  it('pages a large collection 24 at a time, up to a bound', async () => {
    const m = await createMerchant(t, { shopName: 'Big shop', country: 'US', currency: 'usd' });
    await insertPublishedProducts(t, m.shop.id, 30);
    const agent = await loginAgent(t, m);
    const id = idOf(
      (await agent.post('/dashboard/collections', { title: 'Everything' }).expect(303)).headers.location,
    );
    await t.db.query(
      `INSERT INTO collection_product (shop_id, collection_id, product_id, position)
       SELECT shop_id, $2, id, row_number() OVER (ORDER BY sort_order) FROM product WHERE shop_id = $1`,
      [m.shop.id, id],
    );
    const first = await shopGet(m, '/collections/everything').expect(200);
    expect(namesIn(first.text)).toHaveLength(24);
    expect(first.text).toContain("<a rel='next' href='/collections/everything?page&#x3D;2'>");
    const second = await shopGet(m, '/collections/everything?page=2').expect(200);
    expect(namesIn(second.text)).toEqual([
      'Bulk product 25',
      'Bulk product 26',
      'Bulk product 27',
      'Bulk product 28',
      'Bulk product 29',
      'Bulk product 30',
    ]);
    expect(second.text).toMatch(/<link rel="canonical" href="[^"]+\/collections\/everything\?page&#x3D;2">/);
    await shopGet(m, '/collections/everything?page=201').expect(400);
  });
});

describe('Product page structured data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('describes the product, its offer and the breadcrumb in JSON-LD that merchant text cannot close', async () => {
    const m = await createMerchant(t, { shopName: 'Tokyo Tea', country: 'JP', currency: 'jpy' });
    const p = await createProduct(t, m.shop.id, {
      name: 'Sencha </script><script>alert(1)</script>',
      description: 'Green tea.',
      price: '1200',
      stock: '0',
      publish: true,
    });
    const page = await request(t.app.getHttpServer())
      .get(`/products/${p.id}`)
      .set('Host', shopHost(t, m.shop.slug))
      .expect(200);
    const blocks = [...page.text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0][1]).not.toContain('<');
    const [product, crumbs] = JSON.parse(blocks[0][1]) as [
      { image: string[] },
      { '@type': string; itemListElement: Array<{ name: string }> },
    ];
    expect(product).toMatchObject({
      '@type': 'Product',
      name: 'Sencha </script><script>alert(1)</script>',
      offers: {
        '@type': 'Offer',
        price: '1200',
        priceCurrency: 'JPY',
        availability: 'https://schema.org/OutOfStock',
      },
    });
    expect(product.image[0]).toMatch(/^http:\/\/[^/]+\/uploads\//);
    expect(crumbs['@type']).toBe('BreadcrumbList');
    expect(crumbs.itemListElement.map((i) => i.name)).toEqual([
      'Home',
      'Sencha </script><script>alert(1)</script>',
    ]);
    // The CSP still forbids inline scripts: the data block needs no exception.
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toMatch(/<meta property="og:image" content="http:\/\/[^"]+\/uploads\/[^"]+">/);
  });
});

// Two app processes on one database, trusting their caches for ten minutes: only the NOTIFY can
// make B's shop header show a collection made in A.
describe("the shop header's collections, cached by two app processes", () => {
  let a: TestApp;
  let b: TestApp;
  const env = { SHOP_CACHE_TTL_MS: '600000' };
  beforeAll(async () => {
    a = await createTestApp({ env });
    b = await createTestApp({ env, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('B links to a collection made in A within seconds', async () => {
    const m = await createMerchant(a, { shopName: 'Two processes', country: 'US', currency: 'usd' });
    const homeOnB = () => request(b.app.getHttpServer()).get('/').set('Host', shopHost(b, m.shop.slug));
    expect((await homeOnB().expect(200)).text).not.toContain('/collections/');
    await (await loginAgent(a, m)).post('/dashboard/collections', { title: 'Lamps' }).expect(303);
    await eventually(
      async () => (await homeOnB()).text.includes("<a href='/collections/lamps'>Lamps</a>"),
      5000,
    );
  });
});
