import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { storedKeysOf, CURRENT_VARIANT_VERSION } from '../../src/catalog/image-variants.js';
import type { ShopImage } from '../../src/tenants/entities/shop.entity.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { contrastRatio } from '../../src/common/contrast.js';
import {
  createMerchant,
  loginAgent,
  platformHost,
  shopHost,
  type LoggedInAgent,
} from '../factories/accounts.js';
import { setShop } from '../factories/checkout.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A photo as a phone takes it: JPEG with GPS and maker tags. */
const phonePhoto = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Model X' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100' },
    })
    .jpeg()
    .toBuffer();

const hasGpsTag = (bytes: Buffer) =>
  bytes.includes(Buffer.from([0x88, 0x25])) || bytes.includes(Buffer.from([0x25, 0x88]));

const keysOf = (image: ShopImage) =>
  storedKeysOf({ ...image, variantVersion: CURRENT_VARIANT_VERSION, alt: null });

describe('Shop logo and banner: uploaded through the image pipeline, per shop', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (a: LoggedInAgent, kind: 'logo' | 'banner', file: Buffer, csrf: string | null = a.csrf) =>
    a.agent
      .post(`/dashboard/settings/${kind}${csrf ? `?_csrf=${csrf}` : ''}`)
      .set('Host', platformHost(t))
      .attach('image', file, { filename: 'photo.jpg' });

  const shopRow = (id: string) => t.db.getRepository(Shop).findOneByOrFail({ id });

  const storedKeys = (shopId: string) => {
    const dir = join(t.config.uploads.dir, shopId);
    return existsSync(dir) ? readdirSync(dir).map((name) => `${shopId}/${name}`) : [];
  };

  const bytesOf = async (path: string) => {
    const res = await http()
      .get(path)
      .set('Host', platformHost(t))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res.body as Buffer;
  };

  it('stores a logo without EXIF, shows it in the storefront header and the settings, replaces and removes it', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const photo = await phonePhoto(300, 120);
    expect(hasGpsTag(photo)).toBe(true);

    const res = await upload(a, 'logo', photo).expect(303);
    expect(res.headers.location).toBe('/dashboard/settings?saved=logoSaved');
    const { logoImage } = await shopRow(m.shop.id);
    expect(logoImage).toMatchObject({ width: 300, height: 120 });
    const keys = keysOf(logoImage!);
    expect(storedKeys(m.shop.id).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const body = await bytesOf(`/uploads/${key}`);
      const meta = await sharp(body).metadata();
      expect({ key, exif: meta.exif, gps: hasGpsTag(body), maker: body.includes('PhoneMaker') }).toEqual({
        key,
        exif: undefined,
        gps: false,
        maker: false,
      });
    }
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);

    const home = await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(home.text).toContain(`/uploads/${logoImage!.path.replace(/\.jpg$/, '')}-w`);
    expect(home.text).toMatch(/<img [^>]*alt='' width='300' height='120'[^>]*class='shop-logo'/);
    const settings = await a.get('/dashboard/settings?saved=logoSaved').expect(200);
    expect(settings.text).toContain('Logo saved.');
    expect(settings.text).toContain("class='branding-logo'");

    // Replaced: the old files are gone, only the new logo's remain.
    await upload(a, 'logo', await phonePhoto(200, 200)).expect(303);
    const replaced = (await shopRow(m.shop.id)).logoImage!;
    expect(replaced.path).not.toBe(logoImage!.path);
    expect(storedKeys(m.shop.id).sort()).toEqual([...keysOf(replaced)].sort());
    // 200×200: it has the 128 square copies too, deleted with it below.
    expect(keysOf(replaced).filter((key) => /-s128\.(jpg|webp)$/.test(key))).toHaveLength(2);

    // Removed: no logo on the storefront, no file left.
    await a.post('/dashboard/settings/logo/remove').expect(303);
    expect((await shopRow(m.shop.id)).logoImage).toBeNull();
    expect(storedKeys(m.shop.id)).toEqual([]);
    const after = await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(after.text).not.toContain('shop-logo');
  });

  it('shows a banner and the description on the home page only', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    await setShop(t, m.shop.id, { description: 'Made in Lyon.\nSince 1998.' });
    await upload(a, 'banner', await phonePhoto(1600, 500)).expect(303);
    const { bannerImage } = await shopRow(m.shop.id);
    expect(bannerImage).toMatchObject({ width: 1600, height: 500 });
    const home = await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(home.text).toContain("class='shop-banner'");
    expect(home.text).toContain('<p>Made in Lyon.</p><p>Since 1998.</p>');
    const cart = await http().get('/cart').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(cart.text).not.toContain('shop-banner');
    await a.post('/dashboard/settings/banner/remove').expect(303);
    expect(storedKeys(m.shop.id)).toEqual([]);
  });

  it('refuses an upload or a removal without the CSRF token, and anonymous ones, before storing anything', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    await upload(a, 'logo', await phonePhoto(100, 100), null).expect(403);
    await upload(a, 'logo', await phonePhoto(100, 100), 'not-the-token').expect(403);
    expect((await shopRow(m.shop.id)).logoImage).toBeNull();
    expect(storedKeys(m.shop.id)).toEqual([]);

    await upload(a, 'banner', await phonePhoto(100, 100)).expect(303);
    await a.agent
      .post('/dashboard/settings/banner/remove')
      .set('Host', platformHost(t))
      .type('form')
      .send({})
      .expect(403);
    expect((await shopRow(m.shop.id)).bannerImage).not.toBeNull();

    const anonymous = await http()
      .post('/dashboard/settings/logo')
      .set('Host', platformHost(t))
      .attach('image', await phonePhoto(100, 100), { filename: 'x.jpg' });
    expect([303, 403]).toContain(anonymous.status);
    // From a shop host, the dashboard route does not exist.
    await http()
      .post(`/dashboard/settings/logo?_csrf=${a.csrf}`)
      .set('Host', shopHost(t, m.shop.slug))
      .attach('image', await phonePhoto(100, 100), { filename: 'x.jpg' })
      .expect((r) => expect([403, 404]).toContain(r.status));
  });

  it("never touches another shop's logo: each merchant's routes act on their own shop only", async () => {
    const a = await createMerchant(t);
    const b = await createMerchant(t);
    const agentA = await loginAgent(t, a);
    const agentB = await loginAgent(t, b);
    await upload(agentA, 'logo', await phonePhoto(120, 60)).expect(303);
    const logoA = (await shopRow(a.shop.id)).logoImage!;

    // B removes and uploads: A's row and files are unchanged; B's files live under B's folder.
    await agentB.post('/dashboard/settings/logo/remove').expect(303);
    await upload(agentB, 'logo', await phonePhoto(80, 80)).expect(303);
    expect((await shopRow(a.shop.id)).logoImage).toEqual(logoA);
    expect(storedKeys(a.shop.id).sort()).toEqual([...keysOf(logoA)].sort());
    const logoB = (await shopRow(b.shop.id)).logoImage!;
    expect(logoB.path.startsWith(`${b.shop.id}/`)).toBe(true);
    // B's storefront shows B's logo, never A's.
    const homeB = await http().get('/').set('Host', shopHost(t, b.shop.slug)).expect(200);
    expect(homeB.text).not.toContain(logoA.path.replace(/\.jpg$/, ''));
    // A shop id in the request is never read: extra fields change nothing.
    await agentB
      .post('/dashboard/settings/logo/remove')
      .send({ _csrf: agentB.csrf, shopId: a.shop.id, id: a.shop.id })
      .expect(303);
    expect((await shopRow(a.shop.id)).logoImage).toEqual(logoA);
  });

  it('keeps one logo and no orphan file under 20 simultaneous uploads', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const photos = await Promise.all(Array.from({ length: 20 }, (_, i) => phonePhoto(100 + i, 50)));
    let pending = photos.map((_, i) => i);
    const statuses: number[] = [];
    // Two uploads per user are received at once (429 beyond): the others retry.
    for (let round = 0; pending.length && round < 60; round++) {
      const answers = await Promise.all(pending.map((i) => upload(a, 'logo', photos[i])));
      pending = pending.filter((_, k) => {
        if (answers[k].status === 429) return true;
        statuses.push(answers[k].status);
        return false;
      });
    }
    expect(pending).toEqual([]);
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    const { logoImage } = await shopRow(m.shop.id);
    expect(storedKeys(m.shop.id).sort()).toEqual([...keysOf(logoImage!)].sort());
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);
  });

  it('refuses what is not an image with a message on the settings page', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const res = await upload(a, 'banner', Buffer.from('not an image at all')).expect(422);
    expect(res.text).toContain('Upload JPEG, PNG or WebP images only.');
    expect(res.text).toContain("id='banner-error'");
    expect(storedKeys(m.shop.id)).toEqual([]);
  });

  it('keeps a logo path typed before uploads (an old row) through a settings save', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    await setShop(t, m.shop.id, { logoPath: '/static/img/old-logo.png' });
    const home = await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(home.text).toContain('src="/static/img/old-logo.png"');
    const page = await a.get('/dashboard/settings').expect(200);
    expect(page.text).toContain('/static/img/old-logo.png');
    const shop = await shopRow(m.shop.id);
    await a
      .post('/dashboard/settings', {
        name: shop.name,
        description: 'New words',
        brandColour: '',
        contactEmail: '',
        statementDescriptorSuffix: '',
        timeZone: shop.timeZone,
        defaultLanguage: shop.languages[0],
      })
      .expect(303);
    expect(await shopRow(m.shop.id)).toMatchObject({
      logoPath: '/static/img/old-logo.png',
      description: 'New words',
    });
    // Uploading a logo replaces the typed path.
    await upload(a, 'logo', await phonePhoto(100, 40)).expect(303);
    expect((await shopRow(m.shop.id)).logoPath).toBeNull();
  });

  it('previews a brand colour with readable text and links', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    await setShop(t, m.shop.id, { brandColour: '#ffd43b' });
    const page = await a.get('/dashboard/settings').expect(200);
    // Handlebars writes `=` as `&#x3D;` in attributes; the browser reads it back.
    expect(page.text.replaceAll('&#x3D;', '=')).toContain(
      "href='/dashboard/settings/brand-preview.css?colour=ffd43b'",
    );
    const css = await a.get('/dashboard/settings/brand-preview.css?colour=ffd43b').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain('.brand-preview {');
    expect(css.text).toContain('--accent-ink: #000000;');
    const link = /--accent-text: (#[0-9a-f]{6});/.exec(css.text)![1];
    expect(contrastRatio(link, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    await a.get('/dashboard/settings/brand-preview.css?colour=red;}').expect(400);
    // The storefront's own stylesheet says the same.
    const brand = await http().get('/brand.css').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(brand.text).toContain(`--accent-text: ${link};`);
  });
});
