import { CatalogService } from '../../src/catalog/catalog.service.js';
import { CatalogStripeEvents } from '../../src/catalog/catalog.stripe-events.js';
import { Product } from '../../src/catalog/entities/product.entity.js';
import type { StripeEventContext } from '../../src/webhooks/stripe-event-handler.decorator.js';
import type Stripe from 'stripe';
import { createMerchant } from '../factories/accounts.js';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { shopOrigin } from '../../src/common/shop-url.js';
import { createProduct, pngBytes, shopContext } from '../factories/catalog.js';
import { connectShop } from '../factories/checkout.js';
import { eventually as eventuallyWithin } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** The sync job can wait behind others on a loaded machine. */
const eventually = <T>(check: () => Promise<T | undefined | false>) => eventuallyWithin(check, 25_000);

describe('Catalog sync to the connected account (catalog-sync job)', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu: s, t } = await stripeApp({ webhooks: false, listen: false }));
  });
  const synced = (id: string) =>
    eventually(async () => {
      const p = await t.db.getRepository(Product).findOneByOrFail({ id });
      return p.syncState === 'synced' && p;
    });

  it('creates the Product and Price on the shop’s account; a new price makes a new Price', async () => {
    const m = await createMerchant(t, { currency: 'eur' });
    const account = await connectShop(t, s, m.shop.id);
    const product = await createProduct(t, m.shop.id, { name: 'Jam', price: '5.00' });
    const first = await synced(product.id);
    const price = await s.stripe.prices.retrieve(first.stripePriceId!, {}, { stripeAccount: account });
    expect(price).toMatchObject({
      unit_amount: 500,
      currency: 'eur',
      active: true,
      product: first.stripeProductId,
    });
    const stripeProduct = await s.stripe.products.retrieve(
      first.stripeProductId!,
      {},
      { stripeAccount: account },
    );
    expect(stripeProduct.name).toBe('Jam');
    // The platform itself has no such product: it lives on the connected account.
    await expect(s.stripe.products.retrieve(first.stripeProductId!)).rejects.toThrow();

    const shop = await shopContext(t, m.shop.id);
    await t.app.get(CatalogService).update(shop, product.id, { name: 'Jam', price: '6.50', sortOrder: '0' });
    const second = await eventually(async () => {
      const p = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
      return p.syncState === 'synced' && p.stripePriceId !== first.stripePriceId && p;
    });
    expect(second.stripeProductId).toBe(first.stripeProductId);
    const newPrice = await s.stripe.prices.retrieve(second.stripePriceId!, {}, { stripeAccount: account });
    expect(newPrice).toMatchObject({ unit_amount: 650, active: true });
    const oldPrice = await s.stripe.prices.retrieve(first.stripePriceId!, {}, { stripeAccount: account });
    expect(oldPrice.active).toBe(false);

    await t.app.get(CatalogService).archive(shop, product.id);
    await eventually(async () => {
      const p = await s.stripe.products.retrieve(first.stripeProductId!, {}, { stripeAccount: account });
      return p.active === false;
    });
  });

  it('retries after Stripe faults, without duplicating the Product', async () => {
    const m = await createMerchant(t, { currency: 'usd', country: 'US' });
    const account = await connectShop(t, s, m.shop.id);
    // Three 500s outlast the SDK's own two retries, so the job fails once and pg-boss retries it.
    s.emulator.control.injectFault({ path: '/v1/products', method: 'POST', kind: 'error_500', count: 3 });
    const product = await createProduct(t, m.shop.id, { name: 'Retry mug', price: '12' });
    await eventually(async () => {
      const p = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
      return p.syncState === 'failed' && p;
    });
    const done = await synced(product.id);
    const list = await s.stripe.products.list({ limit: 100 }, { stripeAccount: account });
    expect(list.data.filter((p) => p.name === 'Retry mug').map((p) => p.id)).toEqual([done.stripeProductId]);
  });

  it('waits for the account, then syncs when account.updated names the shop', async () => {
    const m = await createMerchant(t);
    const product = await createProduct(t, m.shop.id, { name: 'Early bird' });
    expect((await t.db.getRepository(Product).findOneByOrFail({ id: product.id })).syncState).toBe(
      'waiting_for_account',
    );
    const account = await connectShop(t, s, m.shop.id);
    const event = { id: 'evt_test', type: 'account.updated', account, data: { object: { id: account } } };
    await t.db.transaction((manager) =>
      t.app.get(CatalogStripeEvents).onAccountUpdated(
        event as unknown as Stripe.Event,
        {
          manager,
          account,
        } as unknown as StripeEventContext,
      ),
    );
    const done = await synced(product.id);
    expect(done.stripePriceId).toMatch(/^price_/);
  });

  it('sends Stripe an absolute URL of the main image’s JPEG copy, on the shop’s origin from config; a new main image updates it', async () => {
    const m = await createMerchant(t, { currency: 'eur' });
    const account = await connectShop(t, s, m.shop.id);
    const product = await createProduct(t, m.shop.id, { name: 'Pictured', publish: true });
    const shop = await shopContext(t, m.shop.id);
    const stripeImages = async () => {
      const p = await t.db.getRepository(Product).findOneByOrFail({ id: product.id });
      if (!p.stripeProductId) return undefined;
      return (await s.stripe.products.retrieve(p.stripeProductId, {}, { stripeAccount: account })).images;
    };
    const [main] = await t.db.query<Array<{ path: string }>>(
      'SELECT path FROM product_image WHERE product_id = $1',
      [product.id],
    );
    const origin = shopOrigin(t.config, m.shop.slug);
    // The factory's image is 2 px wide: its widest copy is 2 px.
    const expected = `${origin}/uploads/${main.path.replace(/\.png$/, '')}-w2.jpg`;
    expect(new URL(expected).hostname).toBe(`${m.shop.slug}.${t.config.appDomain}`);
    await eventually(async () => {
      const images = await stripeImages();
      return images?.[0] === expected && images;
    });

    // A second image made the main one: Stripe follows.
    const tmp = join(t.config.uploads.tempDir, `sync-${randomUUID()}.png`);
    await writeFile(tmp, pngBytes(5));
    const [second] = await t.app.get(CatalogService).addImages(shop, product.id, [{ path: tmp, size: 100 }]);
    await t.app.get(CatalogService).makeMainImage(shop, product.id, second.id);
    const next = `${origin}/uploads/${second.path.replace(/\.png$/, '')}-w5.jpg`;
    const images = await eventually(async () => {
      const found = await stripeImages();
      return found?.[0] === next && found;
    });
    expect(images).toEqual([next]);
    // The URL answers with the JPEG copy.
    await request(t.app.getHttpServer())
      .get(new URL(next).pathname)
      .set('Host', new URL(next).host)
      .expect('Content-Type', 'image/jpeg')
      .expect(200);
  });
});
