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
import { ProductVariant, variantDisplayName } from './entities/product-variant.entity.js';
import { shareableImageUrl } from './image-variants.js';
import { shopOrigin } from '../common/shop-url.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { priceOffKey, productSyncKey } from '../stripe/idempotency-keys.js';
import { translate } from '../common/domain-error.js';
import { DEFAULT_LANGUAGE } from '../common/i18n.js';

/**
 * Keeps each product's variants' Stripe Products and Prices on its shop's connected account
 * (`Stripe-Account`) in step with the rows, as the `catalog-sync` job: one Stripe Product per
 * variant, named "Product — Blue / Large" (a product without options: its one default variant,
 * named as the product), so Checkout and the receipt show what was bought.
 *
 * Invariants: every Stripe write carries an idempotency key derived from (product id, sync
 * version[, amount]), so a retried job replays instead of duplicating; Prices are immutable, so a
 * new amount makes a new Price and the old one is deactivated afterwards; an archived product's
 * (or variant's) Stripe Product is deactivated, and an archived variant's Price too; a product of a shop without an account waits
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
      await this.pushToStripe(product, shop, shop.stripeAccountId);
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

  /** Each variant of the product is its own Stripe Product ("Mug — Blue / Large") with its Price. */
  private async pushToStripe(
    product: Product,
    shop: Pick<Shop, 'id' | 'slug'>,
    stripeAccount: string,
  ): Promise<void> {
    const mainImage = await this.mainImageUrl(shop, product);
    const variants = await this.dataSource.getRepository(ProductVariant).find({
      where: { shopId: product.shopId, productId: product.id },
      relations: { image: true },
      order: { position: 'ASC', id: 'ASC' },
    });
    for (const variant of variants) {
      const image = variant.image
        ? shareableImageUrl(shopOrigin(this.config, shop.slug), variant.image)
        : mainImage;
      await this.pushVariant(product, variant, stripeAccount, image);
    }
    // Only if nothing changed meanwhile; otherwise the job queued by that change syncs again.
    await this.dataSource
      .getRepository(Product)
      .update(
        { id: product.id, shopId: product.shopId, syncVersion: product.syncVersion },
        { syncState: 'synced', syncError: null },
      );
  }

  private async pushVariant(
    product: Product,
    variant: ProductVariant,
    stripeAccount: string,
    imageUrl: string | null,
  ): Promise<void> {
    const isDefault = variant.optionValues.length === 0;
    // A default variant keeps the keys its product used before variants existed.
    const keyId = isDefault ? product.id : variant.id;
    const key = (what: string) => productSyncKey(keyId, product.syncVersion, what);
    const active = product.archivedAt === null && variant.active && variant.archivedAt === null;
    const images = imageUrl ? [imageUrl] : [];
    const name = variantDisplayName(product.name, variant.optionValues);
    let stripeProductId = variant.stripeProductId;
    if (!stripeProductId) {
      if (!active) return;
      const created = await this.stripe.products.create(
        {
          name,
          description: product.description || undefined,
          images,
          active,
          metadata: {
            comptoir_product_id: product.id,
            comptoir_variant_id: variant.id,
            comptoir_shop_id: product.shopId,
          },
        },
        { stripeAccount, idempotencyKey: key('product') },
      );
      stripeProductId = created.id;
      await this.saveStripeIds(product, variant, { stripeProductId });
    } else {
      await this.stripe.products.update(
        stripeProductId,
        { name, description: product.description, images, active },
        { stripeAccount, idempotencyKey: key('product-update') },
      );
    }

    let stripePriceId = variant.stripePriceId;
    if (!active) {
      // Archived or switched off: its Price goes too; selling it again makes a new one.
      if (stripePriceId && !(product.archivedAt && isDefault)) {
        await this.stripe.prices.update(
          stripePriceId,
          { active: false },
          { stripeAccount, idempotencyKey: priceOffKey(keyId, product.syncVersion, stripePriceId) },
        );
        await this.saveStripeIds(product, variant, { stripePriceId: null, stripePriceAmount: null });
      }
      return;
    }
    if (!stripePriceId || variant.stripePriceAmount !== variant.priceAmount) {
      const price = await this.stripe.prices.create(
        { product: stripeProductId, unit_amount: variant.priceAmount, currency: variant.currency },
        { stripeAccount, idempotencyKey: key(`price-${variant.priceAmount}`) },
      );
      const old = stripePriceId;
      stripePriceId = price.id;
      await this.saveStripeIds(product, variant, { stripePriceId, stripePriceAmount: variant.priceAmount });
      if (old && old !== price.id) {
        await this.stripe.prices.update(
          old,
          { active: false },
          { stripeAccount, idempotencyKey: priceOffKey(keyId, product.syncVersion, old) },
        );
      }
    }
  }

  /** A variant's Stripe ids; a default variant's are its product's too (as before variants). */
  private async saveStripeIds(
    product: Product,
    variant: ProductVariant,
    ids: Partial<Pick<ProductVariant, 'stripeProductId' | 'stripePriceId' | 'stripePriceAmount'>>,
  ): Promise<void> {
    Object.assign(variant, ids);
    await this.dataSource
      .getRepository(ProductVariant)
      .update({ id: variant.id, shopId: product.shopId, productId: product.id }, ids);
    if (variant.optionValues.length === 0) {
      await this.dataSource.getRepository(Product).update({ id: product.id, shopId: product.shopId }, ids);
    }
  }
}
