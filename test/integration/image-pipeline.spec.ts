import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { ImageBackfill } from '../../src/catalog/image-backfill.service.js';
import { FILE_STORAGE, type FileStorage } from '../../src/catalog/file-storage.js';
import { MAX_IMAGES_PER_PRODUCT } from '../../src/catalog/catalog.service.js';
import { storedKeysOf, type StoredImage } from '../../src/catalog/image-variants.js';
import {
  createMerchant,
  loginAgent,
  platformHost,
  shopHost,
  type LoggedInAgent,
} from '../factories/accounts.js';
import { createProduct, pngDeclaring } from '../factories/catalog.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface ImageRow extends StoredImage {
  id: string;
  position: number;
  byte_size: number;
}

/** A photo as a phone takes it: JPEG, EXIF orientation 6 (to be turned a quarter), GPS and maker tags. */
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Model X' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 700/100',
      },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

const plainJpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2e86de' } })
    .jpeg()
    .toBuffer();

/** The GPS IFD pointer tag (0x8825) as EXIF writes it, in either byte order. */
const hasGpsTag = (bytes: Buffer) =>
  bytes.includes(Buffer.from([0x88, 0x25])) || bytes.includes(Buffer.from([0x25, 0x88]));

describe('Image pipeline: uploads re-encoded, copies, alt text and order', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const rowsOf = (productId: string) =>
    t.db.query<ImageRow[]>(
      `SELECT id, path, width, height, variant_version AS "variantVersion", alt, position, byte_size
         FROM product_image WHERE product_id = $1 ORDER BY position`,
      [productId],
    );

  const upload = (a: LoggedInAgent, productId: string, files: Buffer[]) => {
    let req = a.agent
      .post(`/dashboard/products/${productId}/images?_csrf=${a.csrf}`)
      .set('Host', platformHost(t));
    for (const [i, file] of files.entries()) req = req.attach('images', file, { filename: `photo-${i}.jpg` });
    return req;
  };

  const bytesOf = async (path: string, host = platformHost(t)) => {
    const res = await http()
      .get(path)
      .set('Host', host)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return { body: res.body as Buffer, headers: res.headers };
  };

  /** Every file under the shop's folder of the local storage, as keys. */
  const storedKeys = (shopId: string) => {
    const dir = join(t.config.uploads.dir, shopId);
    return existsSync(dir) ? readdirSync(dir).map((name) => `${shopId}/${name}`) : [];
  };

  it('strips EXIF (GPS included) from the master and every copy, and applies the orientation', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Field photo' });
    const photo = await phonePhoto(400, 300);
    // The test photo really carries what must not leak.
    expect(hasGpsTag(photo)).toBe(true);
    expect(photo.includes(Buffer.from('PhoneMaker'))).toBe(true);
    expect((await sharp(photo).metadata()).orientation).toBe(6);

    await upload(a, product.id, [photo]).expect(303);
    const [row] = await rowsOf(product.id);
    // Landscape pixels with "turn a quarter": a portrait picture, taller than wide.
    expect(row).toMatchObject({ width: 300, height: 400, variantVersion: 2 });

    const keys = storedKeysOf(row);
    expect(storedKeys(m.shop.id).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const { body } = await bytesOf(`/uploads/${key}`);
      const meta = await sharp(body).metadata();
      expect({ key, exif: meta.exif, orientation: meta.orientation, xmp: meta.xmp }).toEqual({
        key,
        exif: undefined,
        orientation: undefined,
        xmp: undefined,
      });
      expect(hasGpsTag(body) || body.includes(Buffer.from('PhoneMaker'))).toBe(false);
      // Every copy is upright (taller than wide), squares aside.
      if (!/-s\d+\./.test(key)) expect(meta.height).toBeGreaterThan(meta.width);
    }
    // The raw upload was not kept anywhere: the stored master is smaller than nothing it was.
    const { body: master } = await bytesOf(`/uploads/${row.path}`);
    expect(master.equals(photo)).toBe(false);
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);
  });

  it('makes copies of a 4000×3000 photo no wider than their names, served immutable, in WebP and JPEG', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Big photo' });
    await upload(a, product.id, [await plainJpeg(4000, 3000)]).expect(303);
    const [row] = await rowsOf(product.id);
    expect(row).toMatchObject({ width: 4000, height: 3000 });
    const copies = storedKeysOf(row).filter((key) => key !== row.path);
    expect(copies.map((key) => key.slice(key.lastIndexOf('-'))).sort()).toEqual(
      [
        '-s128.jpg',
        '-s128.webp',
        '-s320.jpg',
        '-s320.webp',
        '-s640.jpg',
        '-s640.webp',
        '-w1280.jpg',
        '-w1280.webp',
        '-w320.jpg',
        '-w320.webp',
        '-w640.jpg',
        '-w640.webp',
      ].sort(),
    );
    for (const key of copies) {
      const [, shape, size, format] = /-([ws])(\d+)\.(jpg|webp)$/.exec(key)!;
      const { body, headers } = await bytesOf(`/uploads/${key}`, shopHost(t, m.shop.slug));
      const meta = await sharp(body).metadata();
      expect(meta.format).toBe(format === 'jpg' ? 'jpeg' : 'webp');
      expect(meta.width).toBe(Number(size));
      expect(meta.height).toBe(shape === 's' ? Number(size) : Math.round((Number(size) * 3) / 4));
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(headers['content-type']).toBe(format === 'jpg' ? 'image/jpeg' : 'image/webp');
    }
  });

  it('refuses a pixel bomb (a tiny PNG declaring 30000×30000) with a clear message, in English and French, storing nothing', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Bomb' });
    const bomb = pngDeclaring(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const refused = await upload(a, product.id, [bomb]).expect(422);
    expect(refused.text).toContain('That image has too many pixels: at most 40 megapixels');
    // A good image in the same batch is not stored either: all or nothing.
    await upload(a, product.id, [await plainJpeg(64, 48), bomb]).expect(422);
    await a.post('/account/language', { language: 'fr' }).expect(303);
    const french = await upload(a, product.id, [bomb]).expect(422);
    expect(french.text).toContain('Cette image a trop de pixels : au plus 40 mégapixels');
    expect(await rowsOf(product.id)).toEqual([]);
    expect(storedKeys(m.shop.id)).toEqual([]);
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);
  });

  it('takes several images in one upload in their order; alt text and order are kept and shown', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Blue vase' });
    await upload(a, product.id, [
      await plainJpeg(500, 400),
      await plainJpeg(600, 400),
      await plainJpeg(700, 400),
    ]).expect(303);
    let rows = await rowsOf(product.id);
    expect(rows.map((r) => [r.position, r.width])).toEqual([
      [0, 500],
      [1, 600],
      [2, 700],
    ]);
    // The third moves up, then the first down twice: 700, 600, 500.
    await a.post(`/dashboard/products/${product.id}/images/${rows[2].id}/up`).expect(303);
    await a.post(`/dashboard/products/${product.id}/images/${rows[0].id}/down`).expect(303);
    await a.post(`/dashboard/products/${product.id}/images/${rows[0].id}/down`).expect(303);
    // Moving the last one further down changes nothing.
    await a.post(`/dashboard/products/${product.id}/images/${rows[0].id}/down`).expect(303);
    await a
      .post(`/dashboard/products/${product.id}/images/${rows[1].id}/alt`, { alt: '  The vase,\nfrom above ' })
      .expect(303);
    const tooLong = await a
      .post(`/dashboard/products/${product.id}/images/${rows[2].id}/alt`, { alt: 'x'.repeat(251) })
      .expect(422);
    expect(tooLong.text).toContain('Keep the description under 250 characters.');
    rows = await rowsOf(product.id);
    expect(rows.map((r) => [r.position, r.width, r.alt])).toEqual([
      [0, 700, null],
      [1, 600, 'The vase, from above'],
      [2, 500, null],
    ]);

    await a.post(`/dashboard/products/${product.id}/publish`).expect(303);
    const page = await http()
      .get(`/products/${product.id}`)
      .set('Host', shopHost(t, m.shop.slug))
      .expect(200);
    // The gallery's pictures (its thumbnails, alt empty beside their "Show picture n" text, follow).
    const imgs = page.text.match(/<img [^>]+class='product-image'[^>]*>/g)!;
    expect(page.text.match(/<img [^>]+class='gallery-thumb'[^>]*>/g)).toHaveLength(3);
    expect(imgs.map((img) => /alt='([^']*)'/.exec(img)?.[1])).toEqual([
      'Blue vase',
      'The vase, from above',
      'Blue vase',
    ]);
    // The first picture is in view on arrival; the others load when scrolled to.
    expect(imgs.map((img) => img.includes("loading='lazy'"))).toEqual([false, true, true]);
    for (const img of imgs) expect(img).toMatch(/ width='\d+' height='\d+'/);
    // The first picture, 700×400: copies at 320, 640 and 700 (never upscaled), sized 700×400.
    const stem = rows[0].path.replace('.jpg', '');
    expect(imgs[0]).toContain(`/uploads/${stem}-w700.jpg 700w`);
    expect(imgs[0]).toContain("width='700' height='400'");
    expect(page.text).toContain(`<source type='image/webp' srcset='/uploads/${stem}-w320.webp 320w`);

    // The card on the home page: the square crops (400 px at most for a 400 px high picture).
    const home = await http().get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(home.text).toContain(`/uploads/${stem}-s400.jpg 400w`);
    expect(home.text).toMatch(/<img [^>]*alt='Blue vase'[^>]* width='400' height='400'/);
  });

  it('creates and publishes a product with its images from the new-product form in one step', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const form = await a.get('/dashboard/products/new').expect(200);
    const action = /<form method='post' action='(\/dashboard\/products\?_csrf=[^']+)'/.exec(form.text)![1];
    const post = () =>
      a.agent
        .post(action.replace(/&amp;/g, '&'))
        .set('Host', platformHost(t))
        .field('name', 'Linen apron')
        .field('description', 'Washed linen.\n  Two pockets.')
        .field('price', '32.00')
        .field('stock', '')
        .field('sortOrder', '0')
        .field('publish', '1');
    // Publishing without an image is refused before anything is made.
    const refused = await post().expect(422);
    expect(refused.text).toContain('Add at least one image to publish the product.');
    expect(refused.text).toContain("value='Linen apron'");
    const created = await post()
      .attach('images', await plainJpeg(800, 600), { filename: 'a.jpg' })
      .attach('images', await plainJpeg(300, 300), { filename: 'b.jpg' })
      .expect(303);
    const id = /\/dashboard\/products\/([0-9a-f-]{36})\?done=published/.exec(created.headers.location)![1];
    expect((await rowsOf(id)).map((r) => r.width)).toEqual([800, 300]);
    const page = await http().get(`/products/${id}`).set('Host', shopHost(t, m.shop.slug)).expect(200);
    expect(page.text).toContain('Linen apron');
    const [{ count }] = await t.db.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM product WHERE shop_id = $1',
      [m.shop.id],
    );
    expect(count).toBe(1);
  });

  it(`keeps a consistent order under 20 simultaneous uploads: ${MAX_IMAGES_PER_PRODUCT} stored, none lost, the rest refused`, async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Crowded' });
    // Each upload has its own width, to tell afterwards which ones were stored.
    const photos = await Promise.all(Array.from({ length: 20 }, (_, i) => plainJpeg(100 + i, 80)));
    const outcome = new Map<number, number>();
    let pending = photos.map((_, i) => i);
    // Two uploads per user are received at once (429 beyond, see uploads.spec.ts): the others retry.
    for (let round = 0; pending.length && round < 50; round++) {
      const answers = await Promise.all(pending.map((i) => upload(a, product.id, [photos[i]])));
      pending = pending.filter((i, k) => {
        if (answers[k].status === 429) return true;
        outcome.set(100 + i, answers[k].status);
        return false;
      });
    }
    expect(pending).toEqual([]);
    const accepted = [...outcome].filter(([, status]) => status === 303).map(([width]) => width);
    const refused = [...outcome].filter(([, status]) => status === 422);
    expect(accepted).toHaveLength(MAX_IMAGES_PER_PRODUCT);
    expect(refused).toHaveLength(20 - MAX_IMAGES_PER_PRODUCT);

    const rows = await rowsOf(product.id);
    expect(rows.map((r) => r.position)).toEqual([...Array(MAX_IMAGES_PER_PRODUCT).keys()]);
    expect(rows.map((r) => r.width).sort()).toEqual(accepted.sort());
    // Exactly the recorded images' files are stored: nothing lost, nothing orphaned.
    expect(storedKeys(m.shop.id).sort()).toEqual(rows.flatMap((r) => storedKeysOf(r)).sort());
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);
  });

  it('keeps images stored before the pipeline working, then re-encodes them (backfill)', async () => {
    const m = await createMerchant(t);
    const product = await createProduct(t, m.shop.id, { name: 'Old photo' });
    // A row as the previous schema made it: the upload stored as is, JPEG size unknown.
    const files = t.app.get<FileStorage>(FILE_STORAGE);
    const legacyKey = `${m.shop.id}/${randomUUID()}.jpg`;
    const tmp = join(t.config.uploads.tempDir, `legacy-${randomUUID()}`);
    const photo = await phonePhoto(400, 300);
    await writeFile(tmp, photo);
    await files.putFile(legacyKey, tmp);
    await t.db.query(
      `INSERT INTO product_image (shop_id, product_id, path, content_type, byte_size, position)
       VALUES ($1, $2, $3, 'image/jpeg', $4, 0)`,
      [m.shop.id, product.id, legacyKey, photo.length],
    );
    await t.db.query('UPDATE product SET published = true WHERE id = $1', [product.id]);

    const before = await http()
      .get(`/products/${product.id}`)
      .set('Host', shopHost(t, m.shop.slug))
      .expect(200);
    expect(before.text).toContain(`<img src='/uploads/${legacyKey}' alt='Old photo'`);
    await bytesOf(`/uploads/${legacyKey}`);

    expect(await t.app.get(ImageBackfill).run()).toBe(1);
    const [row] = await rowsOf(product.id);
    expect(row).toMatchObject({ width: 300, height: 400, variantVersion: 2 });
    expect(row.path).not.toBe(legacyKey);
    expect(storedKeys(m.shop.id).sort()).toEqual([...storedKeysOf(row)].sort());
    const { body } = await bytesOf(`/uploads/${row.path}`);
    expect(hasGpsTag(body)).toBe(false);
    await http().get(`/uploads/${legacyKey}`).set('Host', platformHost(t)).expect(404);
    const after = await http()
      .get(`/products/${product.id}`)
      .set('Host', shopHost(t, m.shop.slug))
      .expect(200);
    expect(after.text).toContain(`${row.path.replace('.jpg', '')}-w300.jpg 300w`);
    // Nothing left to do the second time.
    expect(await t.app.get(ImageBackfill).run()).toBe(0);
  });

  it('adds the 128 square copies to version-1 rows from their master, once, even with two workers at once; until then pages use the copies they have', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Older photo' });
    await upload(a, product.id, [await plainJpeg(4000, 3000), await plainJpeg(120, 100)]).expect(303);
    await a.post(`/dashboard/products/${product.id}/publish`).expect(303);
    const current = await rowsOf(product.id);
    expect(current.map((r) => r.variantVersion)).toEqual([2, 2]);
    const s128 = (key: string) => /-s128\.(jpg|webp)$/.test(key);
    expect(storedKeysOf(current[0]).filter(s128)).toHaveLength(2);
    // 100 px high: its one square is 100 px, the same set in either version.
    expect(storedKeysOf(current[1]).filter(s128)).toEqual([]);

    /** Makes the rows as version 1 left them: no 128 square copies. */
    const asVersionOne = async () => {
      for (const key of storedKeysOf(current[0]).filter(s128)) await rm(join(t.config.uploads.dir, key));
      await t.db.query('UPDATE product_image SET variant_version = 1 WHERE product_id = $1', [product.id]);
    };
    await asVersionOne();
    const old = await rowsOf(product.id);
    expect(storedKeys(m.shop.id).sort()).toEqual(old.flatMap((r) => storedKeysOf(r)).sort());

    // A version-1 row renders its 320/640 squares and wide copies, never the raw master nor a 128 copy.
    const pageOf = async (path: string) =>
      (await http().get(path).set('Host', shopHost(t, m.shop.slug)).expect(200)).text;
    const stem = old[0].path.replace('.jpg', '');
    for (const html of [await pageOf(`/products/${product.id}`), await pageOf('/')]) {
      expect(html).not.toContain(`/uploads/${old[0].path}`);
      expect(html).not.toContain('-s128.');
    }
    const productPage = await pageOf(`/products/${product.id}`);
    expect(productPage).toContain(`/uploads/${stem}-s320.jpg 320w, /uploads/${stem}-s640.jpg 640w`);
    expect(productPage).toContain(`/uploads/${stem}-w1280.jpg 1280w`);

    const files = async () =>
      Object.fromEntries(
        await Promise.all(
          storedKeys(m.shop.id).map(async (key) => {
            const s = await stat(join(t.config.uploads.dir, key));
            return [key, `${s.size}:${s.mtimeMs}:${s.ino}`] as const;
          }),
        ),
      );
    const before = await files();
    const backfill = t.app.get(ImageBackfill);
    // Two workers at once: one raises each row's version, the files are the same either way.
    const counts = await Promise.all([backfill.run(), backfill.run()]);
    expect(counts[0] + counts[1]).toBe(2);
    const rows = await rowsOf(product.id);
    expect(rows.map((r) => [r.path, r.variantVersion])).toEqual(old.map((r) => [r.path, 2]));
    expect(storedKeys(m.shop.id).sort()).toEqual(rows.flatMap((r) => storedKeysOf(r)).sort());
    const after = await files();
    // Exactly the 128 copies were added; the master and the other copies were not touched.
    expect(
      Object.keys(after)
        .filter((key) => !(key in before))
        .sort(),
    ).toEqual([`${stem}-s128.jpg`, `${stem}-s128.webp`].sort());
    for (const [key, version] of Object.entries(before))
      expect({ key, version: after[key] }).toEqual({ key, version });
    for (const format of ['jpg', 'webp']) {
      const { body } = await bytesOf(`/uploads/${stem}-s128.${format}`);
      const meta = await sharp(body).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual([format === 'jpg' ? 'jpeg' : 'webp', 128, 128]);
    }
    // Nothing left to do the second time.
    expect(await backfill.run()).toBe(0);
    expect(await files()).toEqual(after);
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);

    // Now current, the gallery's thumbnails offer the 128 copy first.
    expect(await pageOf(`/products/${product.id}`)).toContain(
      `srcset='/uploads/${stem}-s128.webp 128w, /uploads/${stem}-s320.webp 320w`,
    );
  });

  it('leaves no 128 copy behind when a version-1 image is deleted while the backfill makes its copies', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const product = await createProduct(t, m.shop.id, { name: 'Short-lived photo' });
    await upload(a, product.id, [await plainJpeg(800, 600)]).expect(303);
    const [row] = await rowsOf(product.id);
    for (const key of storedKeysOf(row).filter((k) => /-s128\./.test(k)))
      await rm(join(t.config.uploads.dir, key));
    await t.db.query('UPDATE product_image SET variant_version = 1 WHERE id = $1', [row.id]);

    const files = t.app.get<FileStorage>(FILE_STORAGE);
    const putFile = files.putFile.bind(files);
    let deleted = false;
    const spy = jest.spyOn(files, 'putFile').mockImplementation(async (key, path) => {
      // The merchant deletes the picture (its version-1 files) while the first copy is stored.
      if (!deleted) {
        deleted = true;
        await a.post(`/dashboard/products/${product.id}/images/${row.id}/delete`).expect(303);
      }
      return putFile(key, path);
    });
    try {
      expect(await t.app.get(ImageBackfill).run()).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(deleted).toBe(true);
    expect(await rowsOf(product.id)).toEqual([]);
    expect(storedKeys(m.shop.id)).toEqual([]);
    expect(readdirSync(t.config.uploads.tempDir)).toEqual([]);
  });
});
