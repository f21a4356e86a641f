import request from 'supertest';
import { TenantService } from '../../src/tenants/tenant.service.js';
import { createMerchant, platformHost, shopHost } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Host → platform or shop', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the landing page on the platform host only', async () => {
    await http().get('/').set('Host', platformHost(t)).expect(200);
    const evil = await http().get('/').set('Host', 'evil.example').set('Accept', 'text/html').expect(400);
    expect(evil.text).toContain('Bad request');
    await http().get('/').set('Host', 'localhost:9999').expect(400);
    await http().get('/login').set('Host', 'a.b.localhost:3000').expect(400);
  });

  it('answers the probes and static files on any host', async () => {
    await http().get('/healthz').set('Host', 'evil.example').expect(200);
    await http().get('/readyz').set('Host', 'whatever.localhost:3000').expect(200);
    await http().get('/static/css/app.css').set('Host', 'evil.example').expect(200);
    await http().get('/favicon.ico').set('Host', 'no-such-shop.localhost:3000').expect(200);
  });

  it('shows a friendly 404 in the storefront layout for an unknown shop', async () => {
    const res = await http()
      .get('/')
      .set('Host', 'no-such-shop.localhost:3000')
      .set('Accept', 'text/html')
      .expect(404);
    expect(res.text).toContain('There is no shop at this address');
    expect(res.text).toContain('class="storefront"');
    expectOnlyPlatformLinks(res.text);
  });

  /** Every path of an unknown or suspended shop's host fails: its error page links to the platform only. */
  function expectOnlyPlatformLinks(html: string) {
    expect(html).toContain(
      `<a class='button' href='${t.config.appUrl}' data-testid='error-home'>Go to Comptoir</a>`,
    );
    const hrefs = [...html.matchAll(/<a [^>]*href=['"]([^'"]*)['"]/g)].map((m) => m[1]);
    expect(hrefs).toContain(t.config.appUrl);
    expect(hrefs.filter((href) => !href.startsWith(`${t.config.appUrl}`))).toEqual([]);
  }

  it('serves only storefront routes on a shop host, and never a storefront on the platform', async () => {
    const m = await createMerchant(t, { shopName: 'Only Storefront' });
    const host = shopHost(t, m.shop.slug);
    for (const path of [
      '/dashboard',
      '/login',
      '/signup',
      '/admin',
      '/mailbox',
      '/_shop',
      '/account/password',
    ]) {
      await http().get(path).set('Host', host).expect(404);
    }
    await http().post('/login').set('Host', host).type('form').send({ email: m.email }).expect(404);
    await http().get('/_shop').set('Host', platformHost(t)).expect(404);
    await http().get('/_shop/').set('Host', platformHost(t)).expect(404);
  });

  it('says a suspended shop is unavailable, and shows it again once resumed', async () => {
    const m = await createMerchant(t, { shopName: 'Paused Shop' });
    const tenants = t.app.get(TenantService);
    await tenants.suspend(m.shop.id, 'test');
    const res = await http()
      .get('/')
      .set('Host', shopHost(t, m.shop.slug))
      .set('Accept', 'text/html')
      .expect(503);
    expect(res.text).toContain('This shop is unavailable');
    expect(res.text).toContain('Paused Shop');
    expectOnlyPlatformLinks(res.text);
    // A missing page of a live shop still leads to the shop's own home page.
    const live = await createMerchant(t, { shopName: 'Live Shop' });
    const missing = await http()
      .get('/products/no-such-product')
      .set('Host', shopHost(t, live.shop.slug))
      .set('Accept', 'text/html')
      .set('Accept-Language', 'en')
      .expect(404);
    expect(missing.text).toContain(`href='/' data-testid='error-home'>Go to the home page</a>`);
    await tenants.resume(m.shop.id);
    await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
  });

  it('ignores X-Forwarded-Host without TRUST_PROXY', async () => {
    const m = await createMerchant(t);
    // The platform stays the platform whatever the header claims…
    const res = await http()
      .get('/')
      .set('Host', platformHost(t))
      .set('X-Forwarded-Host', shopHost(t, m.shop.slug))
      .expect(200);
    expect(res.text).toContain('Open your shop');
    // …and a foreign Host is not rescued by a forwarded platform host.
    await http().get('/').set('Host', 'evil.example').set('X-Forwarded-Host', platformHost(t)).expect(400);
  });

  it('caches the shop lookup briefly, and a change through the service shows at once', async () => {
    const m = await createMerchant(t, { shopName: 'Before Rename' });
    const host = shopHost(t, m.shop.slug);
    expect((await http().get('/').set('Host', host)).text).toContain('Before Rename');
    await t.app
      .get(TenantService)
      .updateSettings(
        { ...(await t.app.get(TenantService).findBySlug(m.shop.slug))! },
        { name: 'After Rename' },
      );
    expect((await http().get('/').set('Host', host)).text).toContain('After Rename');
  });
});

describe('Host routing behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('uses X-Forwarded-Host when TRUST_PROXY is set', async () => {
    const m = await createMerchant(t, { shopName: 'Proxied Shop' });
    const res = await request(t.app.getHttpServer())
      .get('/')
      .set('Host', 'internal:8080')
      .set('X-Forwarded-Host', shopHost(t, m.shop.slug))
      .expect(200);
    expect(res.text).toContain('Proxied Shop');
  });
});
