import request from 'supertest';
import { Product } from '../../src/catalog/entities/product.entity.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import {
  createMerchant,
  csrfFrom,
  loginAgent,
  platformHost,
  shopHost,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct, insertPublishedProducts, pngBytes } from '../factories/catalog.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

describe('Catalog: merchant pages and storefront', () => {
  let t: TestApp;
  let alice: Merchant;
  let bob: Merchant;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_MAX_BYTES: '20000' } });
    alice = await createMerchant(t, { shopName: 'Alice Bakery', currency: 'eur' });
    bob = await createMerchant(t, { shopName: 'Bob Books', currency: 'jpy', country: 'JP' });
  });
  afterAll(() => t.close());

  it('creates a product from the form, keeps input and explains errors', async () => {
    const a = await loginAgent(t, alice);
    const bad = await a
      .post('/dashboard/products', { name: 'Croissant', price: '1.5555', stock: 'lots' })
      .expect(422);
    expect(bad.text).toContain('EUR prices have at most 2 decimals.');
    expect(bad.text).toContain('Enter the stock as a whole number');
    expect(bad.text).toContain("value='Croissant'");
    const ok = await a
      .post('/dashboard/products', { name: 'Croissant', price: '1.20', stock: '' })
      .expect(303);
    const id = /\/dashboard\/products\/([0-9a-f-]{36})/.exec(ok.headers.location)![1];
    const row = await t.db.getRepository(Product).findOneByOrFail({ id });
    expect(row).toMatchObject({ priceAmount: 120, currency: 'eur', stock: null, shopId: alice.shop.id });
    // No connected account yet: it waits for one.
    expect(row.syncState).toBe('waiting_for_account');
    const list = await a.get('/dashboard/products').expect(200);
    expect(list.text).toContain('Croissant');
    expect(list.text).toContain('€1.20');
    expect(list.text).toContain('Waiting for payments setup');
    expect(list.text).toContain('Page 1 of 1 · 1 product</span>');
  });

  it('refuses decimals in JPY', async () => {
    const b = await loginAgent(t, bob);
    const res = await b.post('/dashboard/products', { name: 'Manga', price: '10.5' }).expect(422);
    expect(res.text).toContain('JPY prices have no decimals.');
  });

  it('needs a main image before publishing; checks uploads by content and size', async () => {
    const a = await loginAgent(t, alice);
    const p = await createProduct(t, alice.shop.id, { name: 'Baguette' });
    const refused = await a.post(`/dashboard/products/${p.id}/publish`).expect(422);
    expect(refused.text).toContain('Add at least one image before publishing');

    const upload = (buf: Buffer, filename: string, contentType: string) =>
      a.agent
        .post(`/dashboard/products/${p.id}/images?_csrf=${a.csrf}`)
        .set('Host', platformHost(t))
        .attach('images', buf, { filename, contentType });
    const fake = await upload(Buffer.from('GIF89a not really an image'), 'x.png', 'image/png').expect(422);
    expect(fake.text).toContain('Upload JPEG, PNG or WebP images only.');
    const big = await upload(pngBytes(1, 30_000), 'big.png', 'image/png').expect(422);
    expect(big.text).toContain('That image is too large');
    await upload(pngBytes(4), 'ok.bin', 'application/octet-stream').expect(303);

    await a.post(`/dashboard/products/${p.id}/publish`).expect(303);
    const page = await a.get(`/dashboard/products/${p.id}`).expect(200);
    // The thumbnail is the smallest square copy (a 4 px image: 4 px), a re-encoded JPEG.
    const src = /<img src='(\/uploads\/[^']+-s4\.jpg)'/.exec(page.text)![1];
    // Served on any host with long cache headers.
    const img = await http().get(src).set('Host', shopHost(t, alice.shop.slug)).expect(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['cache-control']).toContain('max-age=31536000');
    const home = await http().get('/').set('Host', shopHost(t, alice.shop.slug)).expect(200);
    expect(home.text).toContain('Baguette');
    expect(home.text).toContain(src);
  });

  it('answers 404 for another shop’s products on every merchant and storefront route', async () => {
    const bobs = await createProduct(t, bob.shop.id, { name: 'Bob secret', price: '500', publish: true });
    const a = await loginAgent(t, alice);
    const image = (
      await t.db.query<{ id: string }[]>('SELECT id FROM product_image WHERE product_id = $1', [bobs.id])
    )[0];
    for (const path of ['', '/archive']) await a.get(`/dashboard/products/${bobs.id}${path}`).expect(404);
    for (const path of [
      '',
      '/publish',
      '/unpublish',
      '/archive',
      `/images/${image.id}/main`,
      `/images/${image.id}/delete`,
      `/images/${image.id}/alt`,
      `/images/${image.id}/up`,
      `/images/${image.id}/down`,
    ]) {
      await a.post(`/dashboard/products/${bobs.id}${path}`, { name: 'Hijack', price: '1' }).expect(404);
    }
    // Bob's image id under Alice's own product is not found either, on every image route.
    const alices = await createProduct(t, alice.shop.id, { name: 'Alice own', publish: true });
    await createProduct(t, alice.shop.id, { name: 'Alice other', publish: true });
    for (const action of ['main', 'delete', 'alt', 'up', 'down']) {
      await a
        .post(`/dashboard/products/${alices.id}/images/${image.id}/${action}`, { alt: 'Hijack' })
        .expect(404);
    }
    const bobsImage = await t.db.query<Array<{ alt: string | null; position: number }>>(
      'SELECT alt, position FROM product_image WHERE id = $1',
      [image.id],
    );
    expect(bobsImage).toEqual([{ alt: null, position: 0 }]);
    await a.agent
      .post(`/dashboard/products/${bobs.id}/images?_csrf=${a.csrf}`)
      .set('Host', platformHost(t))
      .attach('images', pngBytes(2), { filename: 'a.png', contentType: 'image/png' })
      .expect(404);
    await a.get('/dashboard/products/not-a-uuid').expect(404);
    const row = await t.db.getRepository(Product).findOneByOrFail({ id: bobs.id });
    expect(row).toMatchObject({ name: 'Bob secret', published: true, archivedAt: null });

    // Storefront: Bob's product exists on Bob's host only.
    await http().get(`/products/${bobs.id}`).set('Host', shopHost(t, bob.shop.slug)).expect(200);
    await http().get(`/products/${bobs.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(404);
    const aliceHome = await http().get('/').set('Host', shopHost(t, alice.shop.slug)).expect(200);
    expect(aliceHome.text).not.toContain('Bob secret');
  });

  it('hides unpublished and archived products from the storefront', async () => {
    const draft = await createProduct(t, alice.shop.id, { name: 'Draft cake' });
    await http().get(`/products/${draft.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(404);
    const gone = await createProduct(t, alice.shop.id, { name: 'Old cake', publish: true });
    await http().get(`/products/${gone.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(200);
    const a = await loginAgent(t, alice);
    const confirm = await a.get(`/dashboard/products/${gone.id}/archive`).expect(200);
    expect(confirm.text).toContain('Archive “Old cake”?');
    await a.post(`/dashboard/products/${gone.id}/archive`).expect(303);
    await http().get(`/products/${gone.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(404);
    await a.post(`/dashboard/products/${gone.id}/publish`).expect(409);
  });

  it('escapes merchant text everywhere, and shows {{constructor}} literally', async () => {
    const p = await createProduct(t, alice.shop.id, {
      name: `${XSS} {{constructor}}`,
      description: `line one ${XSS}\n{{constructor.constructor}}`,
      publish: true,
    });
    const a = await loginAgent(t, alice);
    const pages = [
      (await a.get('/dashboard/products').expect(200)).text,
      (await a.get(`/dashboard/products/${p.id}`).expect(200)).text,
      (await http().get('/').set('Host', shopHost(t, alice.shop.slug)).expect(200)).text,
      (await http().get(`/products/${p.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(200)).text,
    ];
    for (const html of pages) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert');
      expect(html).toContain('{{constructor}}');
    }
    expect(pages[3]).toContain('{{constructor.constructor}}');
  });

  it('keeps a cart per shop in a signed cookie; refuses other shops’ products and tampering', async () => {
    const loaf = await createProduct(t, alice.shop.id, {
      name: 'Rye loaf',
      price: '3.00',
      stock: '5',
      publish: true,
    });
    const bobs = await createProduct(t, bob.shop.id, { name: 'Bob novel', price: '900', publish: true });
    const host = shopHost(t, alice.shop.slug);
    const shopper = request.agent(t.app.getHttpServer());
    const page = await shopper
      .get(`/products/${loaf.id}`)
      .set('Host', host)
      .set('Accept-Language', 'en')
      .expect(200);
    const csrf = csrfFrom(page.text);
    const post = (path: string, form: Record<string, string>) =>
      shopper
        .post(path)
        .set('Host', host)
        .type('form')
        .send({ _csrf: csrf, ...form });

    const added = await post('/cart/add', { productId: loaf.id, quantity: '2' }).expect(303);
    const cookie = added.headers['set-cookie'] as unknown as string[];
    const cartCookie = cookie.find((c) => c.startsWith('cart='))!;
    expect(cartCookie).toMatch(/Max-Age=\d+/);
    expect(cartCookie).toContain('HttpOnly');
    expect(cartCookie).not.toMatch(/Domain=/i);

    await post('/cart/add', { productId: bobs.id, quantity: '1' }).expect(404);
    await post('/cart/add', { productId: loaf.id, quantity: '9' }).expect(422); // only 5 in stock
    let cart = await shopper.get('/cart').set('Host', host).set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('Rye loaf');
    expect(cart.text).toContain('€6.00');
    expect(cart.text).not.toContain('Bob novel');

    await post('/cart/update', { productId: loaf.id, quantity: '3' }).expect(303);
    cart = await shopper.get('/cart').set('Host', host).set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('€9.00');

    // A hand-made cookie naming Bob's product, or a cookie re-signed for nothing, reads as empty.
    const value = decodeURIComponent(/cart=([^;]+)/.exec(cartCookie)![1]);
    const [payload, mac] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ s: alice.shop.id, l: [[bobs.id, 1]] })).toString('base64url');
    const tampered = await request(t.app.getHttpServer())
      .get('/cart')
      .set('Host', host)
      .set('Accept-Language', 'en')
      .set('Cookie', `cart=${forged}.${mac}`)
      .expect(200);
    expect(tampered.text).toContain('Your cart is empty');
    // Alice's signed cart carried to Bob's host is bound to Alice's shop: empty there.
    const carried = await request(t.app.getHttpServer())
      .get('/cart')
      .set('Host', shopHost(t, bob.shop.slug))
      .set('Accept-Language', 'en')
      .set('Cookie', `cart=${payload}.${mac}`)
      .expect(200);
    expect(carried.text).toContain('Your cart is empty');

    await post('/cart/remove', { productId: loaf.id }).expect(303);
    cart = await shopper.get('/cart').set('Host', host).set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('Your cart is empty');
  });

  it('shows products with a notice and no checkout when the shop cannot take payments', async () => {
    const p = await createProduct(t, alice.shop.id, { name: 'Scone', publish: true });
    const host = shopHost(t, alice.shop.slug);
    const shopper = request.agent(t.app.getHttpServer());
    const page = await shopper
      .get(`/products/${p.id}`)
      .set('Host', host)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(page.text).toContain('not taking orders online');
    await shopper
      .post('/cart/add')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), productId: p.id })
      .expect(303);
    const cart = await shopper.get('/cart').set('Host', host).set('Accept-Language', 'en').expect(200);
    expect(cart.text).toContain('Scone');
    expect(cart.text).not.toContain("action='/checkout'");
    await shopper
      .post('/checkout')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(cart.text) })
      .expect(503);
  });

  it('has SEO basics: title, description, canonical and Open Graph from config, robots and sitemap', async () => {
    const p = await createProduct(t, alice.shop.id, {
      name: 'Brioche',
      description: 'Soft and buttery.',
      publish: true,
    });
    const origin = `http://${alice.shop.slug}.localhost:3000`;
    const html = (await http().get(`/products/${p.id}`).set('Host', shopHost(t, alice.shop.slug)).expect(200))
      .text;
    expect(html).toContain('<title>Brioche · Alice Bakery</title>');
    expect(html).toContain("<meta name='description' content='Soft and buttery.' />");
    expect(html).toContain(`<link rel="canonical" href="${origin}/products/${p.id}">`);
    expect(html).toContain('<meta property="og:title" content="Brioche">');
    expect(html).toContain(`<meta property="og:image" content="${origin}/uploads/`);
    const robots = await http().get('/robots.txt').set('Host', shopHost(t, alice.shop.slug)).expect(200);
    expect(robots.text).toContain(`Sitemap: ${origin}/sitemap.xml`);
    const sitemap = await http().get('/sitemap.xml').set('Host', shopHost(t, alice.shop.slug)).expect(200);
    expect(sitemap.headers['content-type']).toContain('application/xml');
    expect(sitemap.text).toContain(`<loc>${origin}/products/${p.id}</loc>`);
    const bobsMap = await http().get('/sitemap.xml').set('Host', shopHost(t, bob.shop.slug)).expect(200);
    expect(bobsMap.text).not.toContain(p.id);
  });

  it('serves the brand colour as a stylesheet (CSP forbids inline styles)', async () => {
    await t.db.query(`UPDATE shop SET brand_colour = '#aa3300' WHERE id = $1`, [bob.shop.id]);
    t.app.get(TenantService).invalidate(bob.shop.slug);
    const home = await http().get('/').set('Host', shopHost(t, bob.shop.slug)).expect(200);
    // Handlebars escapes `=` as an entity; browsers decode it.
    const href = /<link rel="stylesheet" href="(\/brand\.css\?v&#x3D;[0-9a-f]+)">/
      .exec(home.text)![1]
      .replace('&#x3D;', '=');
    const css = await http().get(href).set('Host', shopHost(t, bob.shop.slug)).expect(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.text).toContain('--accent: #aa3300');
  });

  it('renders the storefront home with the same number of queries for 10 and 1,000 products', async () => {
    const small = await createMerchant(t, { shopName: 'Small shop' });
    const large = await createMerchant(t, { shopName: 'Large shop' });
    await insertPublishedProducts(t, small.shop.id, 10);
    await insertPublishedProducts(t, large.shop.id, 1000);

    let queries: string[] = [];
    const driver = t.db.driver as unknown as {
      createQueryRunner: (mode: string) => { query: (...a: unknown[]) => unknown };
    };
    const original = driver.createQueryRunner.bind(driver);
    driver.createQueryRunner = (mode: string) => {
      const runner = original(mode);
      const query = runner.query.bind(runner);
      runner.query = (...args: unknown[]) => {
        queries.push(String(args[0]));
        return query(...args);
      };
      return runner;
    };
    const count = async (slug: string, path: string) => {
      await http().get(path).set('Host', shopHost(t, slug)).expect(200); // warms the shop cache
      queries = [];
      const res = await http().get(path).set('Host', shopHost(t, slug)).expect(200);
      return { n: queries.length, text: res.text };
    };
    try {
      const s = await count(small.shop.slug, '/');
      const l = await count(large.shop.slug, '/');
      const l2 = await count(large.shop.slug, '/?page=2');
      expect(s.n).toBe(l.n);
      expect(l2.n).toBe(l.n);
      expect(l.n).toBeLessThanOrEqual(1);
      expect((l.text.match(/class='card product-card'/g) ?? []).length).toBe(24);
      expect((s.text.match(/class='card product-card'/g) ?? []).length).toBe(10);
      // The pager partial escapes '=' like every attribute value (Handlebars: &#x3D;).
      expect(l.text).toContain("<a rel='next' href='/?page&#x3D;2'>");
      expect(s.text).not.toContain("rel='next'");
    } finally {
      driver.createQueryRunner = original;
    }
    // And the planner uses the storefront index for it.
    await t.db.query('ANALYZE product');
    const plan = await t.db.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN SELECT id FROM product WHERE shop_id = $1 AND published AND archived_at IS NULL ORDER BY sort_order, id LIMIT 25`,
      [large.shop.id],
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('ix_product_storefront');
  });
});
