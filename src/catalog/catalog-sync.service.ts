import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { describeStripeError } from '../stripe/stripe-errors.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CATALOG_SYNC } from './catalog-sync.job.js';
import { Product } from './entities/product.entity.js';
import { ProductImage } from './entities/product-image.entity.js';
import { shareableImageUrl } from './image-variants.js';
import { shopOrigin } from '../common/shop-url.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { priceOffKey, productSyncKey } from '../stripe/idempotency-keys.js';
import { translate } from '../common/domain-error.js';
import { DEFAULT_LANGUAGE } from '../common/i18n.js';

/**
 * Keeps each product's Stripe Product and Price on its shop's connected account (`Stripe-Account`)
 * in step with the row, as the `catalog-sync` job.
 *
 * Invariants: every Stripe write carries an idempotency key derived from (product id, sync
 * version[, amount]), so a retried job replays instead of duplicating; Prices are immutable, so a
 * new amount makes a new Price and the old one is deactivated afterwards; an archived product's
 * Stripe Product is deactivated; a product of a shop without an account waits
 * (`waiting_for_account`) and is enqueued when the account appears (`account.updated`, or the
 * next save). The row is marked `synced` only if no change happened while the job ran.
 */
@Injectable()
export class CatalogSyncService implements OnModuleInit {
  private readonly logger = new Logger(CatalogSyncService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(CATALOG_SYNC, (data) => this.syncProduct(data.shopId, data.productId), {
      concurrency: 2,
    });
  }

  /**
   * Marks a just-saved product for sync inside the caller's transaction: enqueued when the shop
   * has an account, else left waiting. Job and row commit together.
   */
  async scheduleSync(
    manager: EntityManager,
    shop: Pick<ShopContext, 'id' | 'stripeAccountId'>,
    productId: string,
  ) {
    const syncState = shop.stripeAccountId ? 'pending' : 'waiting_for_account';
    await manager
      .getRepository(Product)
      .update({ id: productId, shopId: shop.id }, { syncState, syncError: null });
    if (shop.stripeAccountId) {
      await this.queue.send(
        CATALOG_SYNC,
        { shopId: shop.id, productId },
        { manager, singletonKey: productId },
      );
    }
  }

  /** Enqueues every waiting product of a shop that now has a connected account. */
  async releaseWaiting(manager: EntityManager, shopId: string): Promise<number> {
    const products = manager.getRepository(Product);
    const waiting = await products.find({
      select: { id: true },
      where: { shopId, syncState: 'waiting_for_account' },
    });
    for (const { id } of waiting) {
      await products.update({ id, shopId }, { syncState: 'pending' });
      await this.queue.send(CATALOG_SYNC, { shopId, productId: id }, { manager, singletonKey: id });
    }
    return waiting.length;
  }

  /** The job. Throws on a Stripe failure, so pg-boss retries it with backoff. */
  async syncProduct(shopId: string, productId: string): Promise<void> {
    const products = this.dataSource.getRepository(Product);
    const product = await products.findOne({ where: { id: productId, shopId } });
    if (!product) return;
    const shop = await this.dataSource.getRepository(Shop).findOne({
      select: { id: true, slug: true, stripeAccountId: true },
      where: { id: shopId },
    });
    if (!shop?.stripeAccountId) {
      await products.update({ id: productId, shopId }, { syncState: 'waiting_for_account' });
      return;
    }
    try {
      await this.pushToStripe(product, shop.stripeAccountId, await this.mainImageUrl(shop, product));
    } catch (err) {
      // Shown in the merchant's list while pg-boss retries; a later success clears it. Our words,
      // by Stripe's error code: its raw text stays in the job's log (the error is rethrown).
      const message = translate(DEFAULT_LANGUAGE, describeStripeError(err, 'syncProduct').message);
      await products.update(
        { id: productId, shopId },
        { syncState: 'failed', syncError: message.slice(0, 500) },
      );
      throw err;
    }
  }

  /**
   * Stripe shows the main image on Checkout: an absolute URL of one of its copies, on the shop's
   * origin from config (never a request's Host), which serves `/uploads/` to anyone.
   */
  private async mainImageUrl(shop: Pick<Shop, 'id' | 'slug'>, product: Product): Promise<string | null> {
    const main = await this.dataSource.getRepository(ProductImage).findOne({
      where: { shopId: shop.id, productId: product.id, position: 0 },
    });
    return main ? shareableImageUrl(shopOrigin(this.config, shop.slug), main) : null;
  }

  private async pushToStripe(
    product: Product,
    stripeAccount: string,
    imageUrl: string | null,
  ): Promise<void> {
    const key = (what: string) => productSyncKey(product.id, product.syncVersion, what);
    const active = product.archivedAt === null;
    const images = imageUrl ? [imageUrl] : [];
    const fields = { name: product.name, description: product.description || undefined, images };
    let stripeProductId = product.stripeProductId;
    if (!stripeProductId) {
      const created = await this.stripe.products.create(
        {
          ...fields,
          active,
          metadata: { comptoir_product_id: product.id, comptoir_shop_id: product.shopId },
        },
        { stripeAccount, idempotencyKey: key('product') },
      );
      stripeProductId = created.id;
      await this.saveStripeIds(product, { stripeProductId });
    } else {
      await this.stripe.products.update(
        stripeProductId,
        { name: product.name, description: product.description, images, active },
        { stripeAccount, idempotencyKey: key('product-update') },
      );
    }

    let stripePriceId = product.stripePriceId;
    if (!stripePriceId || product.stripePriceAmount !== product.priceAmount) {
      const price = await this.stripe.prices.create(
        { product: stripeProductId, unit_amount: product.priceAmount, currency: product.currency },
        { stripeAccount, idempotencyKey: key(`price-${product.priceAmount}`) },
      );
      const old = stripePriceId;
      stripePriceId = price.id;
      await this.saveStripeIds(product, { stripePriceId, stripePriceAmount: product.priceAmount });
      if (old && old !== price.id) {
        await this.stripe.prices.update(
          old,
          { active: false },
          { stripeAccount, idempotencyKey: priceOffKey(product.id, product.syncVersion, old) },
        );
      }
    }

    // Only if nothing changed meanwhile; otherwise the job queued by that change syncs again.
    await this.dataSource
      .getRepository(Product)
      .update(
        { id: product.id, shopId: product.shopId, syncVersion: product.syncVersion },
        { syncState: 'synced', syncError: null },
      );
  }

  private async saveStripeIds(
    product: Product,
    ids: Partial<Pick<Product, 'stripeProductId' | 'stripePriceId' | 'stripePriceAmount'>>,
  ): Promise<void> {
    await this.dataSource.getRepository(Product).update({ id: product.id, shopId: product.shopId }, ids);
  }
}
