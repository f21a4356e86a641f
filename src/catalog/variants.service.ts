import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { message, ValidationFailed } from '../common/domain-error.js';
import { findInShop } from '../database/find-in-shop.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductArchived, ProductNotFound } from './catalog.errors.js';
import { CatalogSyncService } from './catalog-sync.service.js';
import { ProductImage } from './entities/product-image.entity.js';
import { ProductOption } from './entities/product-option.entity.js';
import { ProductVariant } from './entities/product-variant.entity.js';
import { Product } from './entities/product.entity.js';
import { refreshProductSummary } from './variant-summary.js';
import {
  checkOptionsInput,
  checkVariantRows,
  combinations,
  type VariantRowInput,
  type VariantRowValues,
} from './variant-input.js';

export interface ProductVariants {
  product: Product;
  options: ProductOption[];
  /** The product's current variants (archived combinations left out), in the table's order. */
  variants: ProductVariant[];
  images: ProductImage[];
}

/** A variant whose stock is at or under the threshold, for the dashboard's low-stock list. */
export interface LowStockVariant {
  productId: string;
  variantId: string;
  productName: string;
  optionValues: string[];
  stock: number;
}

/**
 * A product's options and variants, merchant side. Every method takes the shop first and every
 * query names it: another shop's product or variant id is ProductNotFound. Invariants:
 * - a product without options has exactly one current variant, with no option values;
 * - with options, its current variants are exactly the combinations of their values: saving
 *   options makes the missing ones (at the product's price, no stock when counted) and archives
 *   those whose combination is gone (orders keep pointing at them; they are never sold again);
 * - every change locks the product row first (as stock holds do), bumps `syncVersion`,
 *   refreshes the product's summary and schedules the Stripe sync, in one transaction.
 */
@Injectable()
export class VariantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: CatalogSyncService,
  ) {}

  async get(shop: ShopContext, productId: string): Promise<ProductVariants> {
    const manager = this.dataSource.manager;
    const product = await findInShop(manager, Product, shop, productId);
    const [options, variants, images] = await Promise.all([
      this.options(manager, shop, product.id),
      this.currentVariants(manager, shop, product.id),
      manager.find(ProductImage, {
        where: { shopId: shop.id, productId: product.id },
        order: { position: 'ASC', createdAt: 'ASC' },
      }),
    ]);
    return { product, options, variants, images };
  }

  /** Replaces the product's options (names and ordered values) and generates the combinations. */
  async setOptions(shop: ShopContext, productId: string, names: string[], values: string[]): Promise<void> {
    const checked = checkOptionsInput(names, values);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    await this.dataSource.transaction(async (manager) => {
      const product = await findInShop(manager, Product, shop, productId, { lock: true });
      if (product.archivedAt) throw new ProductArchived();
      const options = manager.getRepository(ProductOption);
      await options.delete({ shopId: shop.id, productId: product.id });
      await options.insert(
        checked.value.map((o, position) => ({ shopId: shop.id, productId: product.id, position, ...o })),
      );
      const wanted = combinations(checked.value);
      const variants = manager.getRepository(ProductVariant);
      const current = await this.currentVariants(manager, shop, product.id);
      const key = (values: readonly string[]) => JSON.stringify(values);
      const byValues = new Map(current.map((v) => [key(v.optionValues), v]));
      const keep = new Set(wanted.map(key));
      const now = new Date();
      for (const v of current) {
        if (!keep.has(key(v.optionValues))) {
          // Gone from the options: archived (never sold again), its SKU freed for the new rows.
          await variants.update({ id: v.id, shopId: shop.id }, { archivedAt: now, sku: null });
        }
      }
      const template = current[0];
      for (const [position, optionValues] of wanted.entries()) {
        const existing = byValues.get(key(optionValues));
        if (existing) {
          if (existing.position !== position)
            await variants.update({ id: existing.id, shopId: shop.id }, { position });
          continue;
        }
        await variants.insert({
          shopId: shop.id,
          productId: product.id,
          position,
          optionValues,
          priceAmount: template?.priceAmount ?? product.priceAmount,
          currency: product.currency,
          // A counted product's new combinations start with none (the merchant counts them).
          stock: (template ? template.stock : product.stock) === null ? null : 0,
        });
      }
      await this.changed(manager, shop, product);
    });
  }

  /** The bulk table: price, compare-at, stock, SKU, weight and active flag of each variant. */
  async updateVariants(shop: ShopContext, productId: string, rows: VariantRowInput[]): Promise<void> {
    const checked = checkVariantRows(rows, shop.currency);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    await this.dataSource.transaction(async (manager) => {
      const product = await findInShop(manager, Product, shop, productId, { lock: true });
      if (product.archivedAt) throw new ProductArchived();
      const current = new Map((await this.currentVariants(manager, shop, product.id)).map((v) => [v.id, v]));
      // Another product's or shop's variant (or an archived one), or image, is simply not found.
      if (checked.value.some((row) => !current.has(row.id))) throw new ProductNotFound();
      const imageIds = new Set(
        (
          await manager.find(ProductImage, {
            select: { id: true },
            where: { shopId: shop.id, productId: product.id },
          })
        ).map((i) => i.id),
      );
      if (checked.value.some((row) => row.imageId !== null && !imageIds.has(row.imageId)))
        throw new ProductNotFound();
      for (const row of checked.value) await this.saveRow(manager, shop, current.get(row.id)!, row);
      await this.changed(manager, shop, product);
    });
  }

  /** Variants of published, unarchived products with counted stock at or under `threshold`. */
  async lowStock(shop: ShopContext, threshold = 3, limit = 20): Promise<LowStockVariant[]> {
    const rows = await this.dataSource.query<
      Array<{ product_id: string; variant_id: string; name: string; option_values: string[]; stock: number }>
    >(
      `SELECT p.id AS product_id, v.id AS variant_id, p.name, v.option_values, v.stock
         FROM product_variant v
         JOIN product p ON p.id = v.product_id AND p.shop_id = v.shop_id
        WHERE v.shop_id = $1 AND v.stock IS NOT NULL AND v.stock <= $2 AND v.active
          AND v.archived_at IS NULL AND p.archived_at IS NULL
        ORDER BY v.stock, p.name, v.position
        LIMIT $3`,
      [shop.id, threshold, limit],
    );
    return rows.map((r) => ({
      productId: r.product_id,
      variantId: r.variant_id,
      productName: r.name,
      optionValues: r.option_values,
      stock: r.stock,
    }));
  }

  private async saveRow(
    manager: EntityManager,
    shop: ShopContext,
    variant: ProductVariant,
    row: VariantRowValues,
  ): Promise<void> {
    try {
      // A savepoint: a taken SKU refuses the form without aborting the transaction's state.
      await manager.transaction(async (inner) => {
        await inner.getRepository(ProductVariant).update(
          { id: variant.id, shopId: shop.id },
          {
            priceAmount: row.priceAmount,
            compareAtAmount: row.compareAtAmount,
            stock: row.stock,
            sku: row.sku,
            weightGrams: row.weightGrams,
            imageId: row.imageId,
            active: row.active,
          },
        );
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'uq_product_variant_sku')) throw err;
      throw new ValidationFailed({ [`sku-${variant.id}`]: message('variants.errors.skuTaken') });
    }
  }

  /** Stripe must see it (names, prices, active flags): a new version, summary and sync. */
  private async changed(manager: EntityManager, shop: ShopContext, product: Product): Promise<void> {
    await refreshProductSummary(manager, shop.id, product.id);
    await manager
      .getRepository(Product)
      .update({ id: product.id, shopId: shop.id }, { syncVersion: () => 'sync_version + 1' });
    await this.sync.scheduleSync(manager, shop, product.id);
  }

  private options(manager: EntityManager, shop: ShopContext, productId: string) {
    return manager.find(ProductOption, {
      where: { shopId: shop.id, productId },
      order: { position: 'ASC' },
    });
  }

  private currentVariants(manager: EntityManager, shop: ShopContext, productId: string) {
    return manager.find(ProductVariant, {
      where: { shopId: shop.id, productId, archivedAt: IsNull() },
      order: { position: 'ASC', id: 'ASC' },
    });
  }
}
