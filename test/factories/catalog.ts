import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { CatalogService } from '../../src/catalog/catalog.service.js';
import type { Product } from '../../src/catalog/entities/product.entity.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { toShopContext, type ShopContext } from '../../src/tenants/shop-context.js';
import type { TestApp } from '../support/test-app.js';

/** A real PNG of `size`×`size` pixels (magic bytes, IHDR, IDAT, IEND), optionally padded. */
export function pngBytes(size = 1, padTo = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(size * (1 + size * 3), 0x80);
  for (let y = 0; y < size; y++) raw[y * (1 + size * 3)] = 0;
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
  ];
  const base = Buffer.concat([...parts, chunk('IEND', Buffer.alloc(0))]);
  if (padTo <= base.length) return base;
  // A text chunk makes it as large as asked while staying a valid PNG.
  const pad = chunk('tEXt', Buffer.alloc(padTo - base.length - 12, 0x61));
  return Buffer.concat([...parts, pad, chunk('IEND', Buffer.alloc(0))]);
}

/** The shop as the services see it (fresh from the database). */
export async function shopContext(t: TestApp, shopId: string): Promise<ShopContext> {
  return toShopContext(await t.db.getRepository(Shop).findOneByOrFail({ id: shopId }));
}

/** A product made through CatalogService; `publish` adds an image first, as the rules want. */
export async function createProduct(
  t: TestApp,
  shopId: string,
  overrides: {
    name?: string;
    description?: string;
    price?: string;
    stock?: string;
    sortOrder?: string;
    publish?: boolean;
  } = {},
): Promise<Product> {
  const shop = await shopContext(t, shopId);
  const catalog = t.app.get(CatalogService);
  const product = await catalog.create(shop, {
    name: overrides.name ?? 'Sourdough loaf',
    description: overrides.description ?? 'Baked this morning.',
    price: overrides.price ?? '4.50',
    stock: overrides.stock ?? '',
    sortOrder: overrides.sortOrder ?? '0',
  });
  if (overrides.publish) {
    // As received by the upload form: a temp file, which addImage moves into storage.
    const image = pngBytes(2);
    const path = join(t.config.uploads.tempDir, `factory-${randomUUID()}.png`);
    await mkdir(t.config.uploads.tempDir, { recursive: true });
    await writeFile(path, image);
    await catalog.addImages(shop, product.id, [{ path, size: image.length }]);
    await catalog.setPublished(shop, product.id, true);
  }
  return product;
}

/** Many published products (with a main image each) in one statement, for scale tests. */
export async function insertPublishedProducts(t: TestApp, shopId: string, count: number): Promise<void> {
  await t.db.query(
    `WITH p AS (
       INSERT INTO product (shop_id, name, price_amount, currency, published, sort_order, sync_state)
       SELECT $1, 'Bulk product ' || n, 100 + n, s.currency, true, n, 'synced'
         FROM generate_series(1, $2) n, shop s WHERE s.id = $1
       RETURNING id, shop_id, price_amount, currency),
     v AS (
       INSERT INTO product_variant (shop_id, product_id, price_amount, currency)
       SELECT shop_id, id, price_amount, currency FROM p)
     INSERT INTO product_image (shop_id, product_id, path, content_type, byte_size, position)
     SELECT shop_id, id, shop_id || '/' || id || '.png', 'image/png', 100, 0 FROM p`,
    [shopId, count],
  );
}

/** A real PNG header declaring `width`×`height` pixels, with one pixel of data: a decompression bomb's shape. */
export function pngDeclaring(width: number, height: number): Buffer {
  const png = Buffer.from(pngBytes(1));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  // The IHDR chunk's CRC covers its type and data (bytes 12–28), so the header stays valid.
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
