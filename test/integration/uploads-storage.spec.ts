import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import request from 'supertest';
import { createMerchant, loginAgent, platformHost, shopHost, type Merchant } from '../factories/accounts.js';
import { createProduct, pngBytes } from '../factories/catalog.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const BUCKET = 'comptoir-test';
const PREFIX = 'uploads/';

/** An S3-compatible server from npm, on a free port with its own directory, for this file only. */
async function startS3(): Promise<{ endpoint: string; client: S3Client; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.each(['s3', 'local'] as const)('uploads stored with UPLOADS_STORAGE=%s', (storage) => {
  let t: TestApp;
  let s3: Awaited<ReturnType<typeof startS3>> | undefined;
  let alice: Merchant;
  const http = () => request(t.app.getHttpServer());

  /** The stored objects' names (s3) or files (local), relative to the storage root. */
  async function storedKeys(): Promise<string[]> {
    if (s3) {
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    }
    const dir = t.config.uploads.dir;
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
  }

  beforeAll(async () => {
    if (storage === 's3') s3 = await startS3();
    t = await createTestApp({
      env: s3
        ? {
            UPLOADS_STORAGE: 's3',
            S3_BUCKET: BUCKET,
            S3_ENDPOINT: s3.endpoint,
            S3_REGION: 'us-east-1',
            S3_ACCESS_KEY_ID: 'S3RVER',
            S3_SECRET_ACCESS_KEY: 'S3RVER',
            S3_FORCE_PATH_STYLE: 'true',
            S3_PREFIX: PREFIX,
          }
        : {},
    });
    alice = await createMerchant(t);
  });
  afterAll(async () => {
    await t.close();
    await s3?.stop();
  });

  it('stores the re-encoded upload and its copies, serves them on any host with year-long cache headers, deletes them all', async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Teapot' });
    const a = await loginAgent(t, alice);
    const bytes = pngBytes(3, 4096);
    await a.agent
      .post(`/dashboard/products/${product.id}/images?_csrf=${a.csrf}`)
      .set('Host', platformHost(t))
      .attach('images', bytes, { filename: 'teapot.png', contentType: 'image/png' })
      .expect(303);
    const [image] = await t.db.query<Array<{ id: string; path: string }>>(
      'SELECT id, path FROM product_image WHERE product_id = $1',
      [product.id],
    );
    expect(image.path).toMatch(new RegExp(`^${alice.shop.id}/[0-9a-f-]{36}\\.png$`));
    const stem = image.path.slice(0, -'.png'.length);
    // A 3 px image: every width and square copy is 3 px, in WebP and JPEG.
    const keys = [image.path, ...['-s3.jpg', '-s3.webp', '-w3.jpg', '-w3.webp'].map((copy) => stem + copy)];

    // Stored in the configured place only: with s3, nothing under UPLOADS_DIR.
    expect((await storedKeys()).sort()).toEqual(keys.map((key) => (s3 ? PREFIX + key : key)).sort());
    if (s3) expect(existsSync(t.config.uploads.dir)).toBe(false);
    // The master is the re-encoded picture: the upload's 4 KB of text chunk did not survive.
    const master = await http()
      .get(`/uploads/${image.path}`)
      .set('Host', platformHost(t))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const decoded = await sharp(master.body as Buffer).metadata();
    expect(decoded).toMatchObject({ format: 'png', width: 3, height: 3 });
    expect(Number(master.headers['content-length'])).toBeLessThan(1000);

    for (const host of [platformHost(t), shopHost(t, alice.shop.slug)]) {
      const stored = await http().get(`/uploads/${stem}-w3.webp`).set('Host', host).expect(200);
      expect(stored.headers['content-type']).toBe('image/webp');
      expect(stored.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const res = await http()
        .get(`/uploads/${image.path}`)
        .set('Host', host)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(res.body as Buffer, master.body as Buffer)).toBe(0);
      expect(res.headers).toMatchObject({
        'content-type': 'image/png',
        'content-length': master.headers['content-length'],
        'cache-control': 'public, max-age=31536000, immutable',
        'content-security-policy': expect.stringContaining("img-src 'self'") as string,
      });
      expect(res.headers.etag).toBeTruthy();
      // A revalidation with its validator is a 304 without the bytes.
      await http()
        .get(`/uploads/${image.path}`)
        .set('Host', host)
        .set('If-None-Match', res.headers.etag)
        .expect(304);
    }
    const head = await http().head(`/uploads/${image.path}`).set('Host', platformHost(t)).expect(200);
    expect(head.headers['content-length']).toBe(master.headers['content-length']);

    // Keys we never made, or do not have, are the usual 404.
    await http()
      .get(`/uploads/${alice.shop.id}/${alice.shop.id}.png`)
      .set('Host', platformHost(t))
      .expect(404);
    await http().get('/uploads/../package.json').set('Host', platformHost(t)).expect(404);

    await a.post(`/dashboard/products/${product.id}/images/${image.id}/delete`).expect(303);
    expect(await storedKeys()).toEqual([]);
    for (const key of keys) await http().get(`/uploads/${key}`).set('Host', platformHost(t)).expect(404);
  });
});
