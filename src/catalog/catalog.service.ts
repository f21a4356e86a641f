import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { message, ValidationFailed, type Message, type MessageValue } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductArchived, ProductNotFound } from './catalog.errors.js';
import { CatalogSyncService } from './catalog-sync.service.js';
import { ProductImage } from './entities/product-image.entity.js';
import { Product } from './entities/product.entity.js';
import { FILE_STORAGE, type FileStorage } from './file-storage.js';
import { sniffImageFile, type SniffedImage } from './image-sniff.js';
import { ImageRefused, MAX_INPUT_PIXELS, processImage, type ProcessedImage } from './image-pipeline.js';
import { CURRENT_VARIANT_VERSION, storedKeysOf } from './image-variants.js';
import { checkProductInput, type ProductFormInput } from './product-input.js';
import { findInShop } from '../database/find-in-shop.js';
import { refreshProductSummary, saveDefaultVariant } from './variant-summary.js';

export const MERCHANT_PAGE_SIZE = 20;
export const MAX_IMAGES_PER_PRODUCT = 10;
export const MAX_ALT_LENGTH = 250;

/** An upload received to a temporary file on disk. */
export interface ReceivedFile {
  readonly path: string;
  readonly size: number;
}

/** An upload decoded and re-encoded into the work folder, not yet in storage. */
interface PreparedImage {
  key: string;
  type: SniffedImage;
  image: ProcessedImage;
}

/** Removes prepared files still in the work folder (those moved into storage are gone from it). */
async function discard(prepared: readonly PreparedImage[]): Promise<void> {
  await Promise.all(prepared.flatMap(({ image }) => image.files.map((f) => rm(f.path, { force: true }))));
}

export interface ProductWithImages {
  product: Product;
  images: ProductImage[];
}

/**
 * The merchant side of the catalog. Every method takes the shop first and every query names it:
 * another shop's product (or a malformed id) is ProductNotFound. A product can be published
 * only with a main image and while not archived; archiving unpublishes it for good. Every
 * change Stripe must see bumps `syncVersion` and schedules a sync in the same transaction.
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly files: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sync: CatalogSyncService,
  ) {}

  async list(shop: ShopContext, options: { page: number; search?: string }) {
    const page = Math.max(1, Math.floor(options.page) || 1);
    const qb = this.dataSource
      .getRepository(Product)
      .createQueryBuilder('p')
      .where('p.shop_id = :shopId', { shopId: shop.id })
      .orderBy('p.archived_at IS NULL', 'DESC')
      .addOrderBy('p.sort_order', 'ASC')
      .addOrderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .take(MERCHANT_PAGE_SIZE)
      .skip((page - 1) * MERCHANT_PAGE_SIZE);
    const search = options.search?.trim();
    if (search) qb.andWhere('p.name ILIKE :q', { q: `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [products, total] = await qb.getManyAndCount();
    const mainImages = products.length
      ? await this.dataSource
          .getRepository(ProductImage)
          .createQueryBuilder('i')
          .where('i.shop_id = :shopId AND i.product_id IN (:...ids) AND i.position = 0', {
            shopId: shop.id,
            ids: products.map((p) => p.id),
          })
          .getMany()
      : [];
    const imageOf = new Map(mainImages.map((i) => [i.productId, i]));
    return {
      items: products.map((product) => ({ product, mainImage: imageOf.get(product.id) ?? null })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / MERCHANT_PAGE_SIZE)),
    };
  }

  async get(shop: ShopContext, productId: string): Promise<ProductWithImages> {
    const product = await this.find(this.dataSource.manager, shop, productId);
    const images = await this.dataSource.getRepository(ProductImage).find({
      where: { shopId: shop.id, productId: product.id },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    return { product, images };
  }

  async create(shop: ShopContext, input: ProductFormInput): Promise<Product> {
    const checked = checkProductInput(input, shop.currency);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Product);
      const product = await repo.save(
        repo.create({ ...checked.value, shopId: shop.id, currency: shop.currency, published: false }),
      );
      await saveDefaultVariant(manager, product);
      await this.sync.scheduleSync(manager, shop, product.id);
      return product;
    });
  }

  async update(shop: ShopContext, productId: string, input: ProductFormInput): Promise<Product> {
    const checked = checkProductInput(input, shop.currency);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    return this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      if (product.archivedAt) throw new ProductArchived();
      const stripeSees =
        product.name !== checked.value.name ||
        product.description !== checked.value.description ||
        product.priceAmount !== checked.value.priceAmount;
      Object.assign(product, checked.value);
      if (stripeSees) product.syncVersion += 1;
      const saved = await manager.getRepository(Product).save(product);
      // Without options the form's price and stock are its default variant's; with options they
      // are the variants' own (edited in their table), and the row shows their summary.
      await saveDefaultVariant(manager, saved);
      await refreshProductSummary(manager, shop.id, saved.id);
      // A save is also the moment to notice an account that appeared since (see scheduleSync).
      if (stripeSees || product.syncState === 'waiting_for_account' || product.syncState === 'failed') {
        await this.sync.scheduleSync(manager, shop, saved.id);
      }
      return saved;
    });
  }

  async setPublished(shop: ShopContext, productId: string, published: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      if (product.archivedAt) throw new ProductArchived();
      if (published) {
        const hasMain = await manager
          .getRepository(ProductImage)
          .exists({ where: { shopId: shop.id, productId: product.id, position: 0 } });
        if (!hasMain) {
          throw new ValidationFailed({ images: message('validation.product.imageBeforePublishing') });
        }
      }
      await manager.getRepository(Product).update({ id: product.id, shopId: shop.id }, { published });
    });
  }

  async archive(shop: ShopContext, productId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      if (product.archivedAt) return;
      await manager
        .getRepository(Product)
        .update(
          { id: product.id, shopId: shop.id },
          { archivedAt: new Date(), published: false, syncVersion: product.syncVersion + 1 },
        );
      await this.sync.scheduleSync(manager, shop, product.id);
    });
  }

  /**
   * Stores uploaded images (temp files, see ImageUploadInterceptor), in the order given, after
   * the existing ones; the first image of a product becomes its main one. All or nothing: one
   * refused file refuses the batch and nothing is stored. The caller still owns (and deletes)
   * the temp files. Decoding runs before the product's row is locked; the lock then serialises
   * concurrent uploads, so positions stay unique and the limit holds.
   */
  async addImages(
    shop: ShopContext,
    productId: string,
    uploads: readonly ReceivedFile[],
  ): Promise<ProductImage[]> {
    const { product, images } = await this.get(shop, productId);
    if (product.archivedAt) throw new ProductArchived();
    if (images.length + uploads.length > MAX_IMAGES_PER_PRODUCT) throw this.tooMany();
    const prepared = await this.prepareImages(shop, uploads);
    return this.attachImages(shop, productId, prepared);
  }

  /**
   * The new-product form in one step: the product, its images and, when asked, published. The
   * images are decoded before the product is made, so a refused image leaves no product behind.
   */
  async createWithImages(
    shop: ShopContext,
    input: ProductFormInput,
    uploads: readonly ReceivedFile[],
    publish: boolean,
  ): Promise<Product> {
    const checked = checkProductInput(input, shop.currency);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    if (uploads.length > MAX_IMAGES_PER_PRODUCT) throw this.tooMany();
    if (publish && !uploads.length) {
      throw new ValidationFailed({ image: message('images.errors.publishNeedsImage') });
    }
    const prepared = uploads.length ? await this.prepareImages(shop, uploads) : [];
    let product: Product;
    try {
      product = await this.create(shop, input);
    } catch (err) {
      await discard(prepared);
      throw err;
    }
    if (prepared.length) await this.attachImages(shop, product.id, prepared);
    if (publish) await this.setPublished(shop, product.id, true);
    return product;
  }

  /**
   * Checks each upload by its bytes, then decodes and re-encodes it (image-pipeline.ts) into
   * the work folder: the master and its copies carry no metadata, and the upload itself is
   * never stored.
   */
  private async prepareImages(shop: ShopContext, uploads: readonly ReceivedFile[]): Promise<PreparedImage[]> {
    const refuse = (key: string, options: Record<string, MessageValue> = {}) =>
      new ValidationFailed({ image: message(`images.errors.${key}`, options) });
    if (!uploads.length || uploads.some((u) => u.size === 0)) throw refuse('missing');
    if (uploads.some((u) => u.size > this.config.uploads.maxBytes)) throw refuse('tooLarge', this.maxMb());
    const types: SniffedImage[] = [];
    for (const upload of uploads) {
      const type = await sniffImageFile(upload.path);
      if (!type) throw refuse('notAnImage');
      types.push(type);
    }
    const prepared: PreparedImage[] = [];
    try {
      for (const [index, upload] of uploads.entries()) {
        const type = types[index];
        const key = `${shop.id}/${randomUUID()}.${type.ext}`;
        prepared.push({ key, type, image: await this.processUpload(upload.path, key, type, refuse) });
      }
      return prepared;
    } catch (err) {
      await discard(prepared);
      throw err;
    }
  }

  /** Moves prepared images into storage and records them, after the product's existing ones. */
  private async attachImages(
    shop: ShopContext,
    productId: string,
    prepared: PreparedImage[],
  ): Promise<ProductImage[]> {
    const stored: string[] = [];
    try {
      for (const { image } of prepared) {
        for (const file of image.files) {
          await this.files.putFile(file.key, file.path);
          stored.push(file.key);
        }
      }
      return await this.dataSource.transaction(async (manager) => {
        const product = await this.find(manager, shop, productId, true);
        if (product.archivedAt) throw new ProductArchived();
        const repo = manager.getRepository(ProductImage);
        const count = await repo.count({ where: { shopId: shop.id, productId } });
        if (count + prepared.length > MAX_IMAGES_PER_PRODUCT) throw this.tooMany();
        const last = await repo.findOne({
          where: { shopId: shop.id, productId },
          order: { position: 'DESC' },
        });
        const first = last ? last.position + 1 : 0;
        const saved = await repo.save(
          prepared.map(({ key, image, type }, index) =>
            repo.create({
              shopId: shop.id,
              productId,
              path: key,
              contentType: type.contentType,
              width: image.width,
              height: image.height,
              byteSize: image.byteSize,
              position: first + index,
              variantVersion: CURRENT_VARIANT_VERSION,
            }),
          ),
        );
        if (first === 0) await this.mainImageChanged(manager, shop, product);
        return saved;
      });
    } catch (err) {
      // Some still in the work folder, some already in storage but not recorded.
      await discard(prepared);
      await Promise.all(stored.map((key) => this.files.delete(key)));
      throw err;
    }
  }

  private tooMany(): ValidationFailed {
    return new ValidationFailed({
      image: message('images.errors.tooMany', { count: MAX_IMAGES_PER_PRODUCT }),
    });
  }

  private async processUpload(
    path: string,
    key: string,
    type: SniffedImage,
    refuse: (key: string, options?: Record<string, MessageValue>) => ValidationFailed,
  ): Promise<ProcessedImage> {
    try {
      return await processImage(path, key, type.ext, this.config.uploads.tempDir);
    } catch (err) {
      if (!(err instanceof ImageRefused)) throw err;
      if (err.reason === 'too_many_pixels')
        throw refuse('tooManyPixels', { megapixels: Math.floor(MAX_INPUT_PIXELS / 1_000_000) });
      throw refuse('unreadable');
    }
  }

  private maxMb(): { mb: string } {
    const mb = this.config.uploads.maxBytes / (1024 * 1024);
    return { mb: Number.isInteger(mb) ? String(mb) : mb.toFixed(1) };
  }

  /** The message for an upload refused by the interceptor for its size. */
  tooLarge(): Message {
    return message('images.errors.tooLarge', this.maxMb());
  }

  /** The text shoppers who cannot see the picture get; empty: the product's name. */
  async setImageAlt(shop: ShopContext, productId: string, imageId: string, alt: string): Promise<void> {
    const text = alt.replace(/\s+/g, ' ').trim();
    if (text.length > MAX_ALT_LENGTH) {
      throw new ValidationFailed({ alt: message('images.errors.altTooLong', { count: MAX_ALT_LENGTH }) });
    }
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, shop, productId, true);
      const image = (await this.orderedImages(manager, shop, productId)).find((i) => i.id === imageId);
      if (!image) throw new ProductNotFound();
      await manager
        .getRepository(ProductImage)
        .update({ id: image.id, shopId: shop.id }, { alt: text || null });
    });
  }

  /** Moves an image one place earlier (-1) or later (+1); moving past either end changes nothing. */
  async moveImage(shop: ShopContext, productId: string, imageId: string, offset: -1 | 1): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      const images = await this.orderedImages(manager, shop, productId);
      const from = images.findIndex((i) => i.id === imageId);
      if (from < 0) throw new ProductNotFound();
      const to = from + offset;
      if (to < 0 || to >= images.length) return;
      [images[from], images[to]] = [images[to], images[from]];
      await this.renumber(manager, shop, images);
      if (from === 0 || to === 0) await this.mainImageChanged(manager, shop, product);
    });
  }

  /** Makes an image the main one (position 0), keeping the others' order. */
  async makeMainImage(shop: ShopContext, productId: string, imageId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      const images = await this.orderedImages(manager, shop, productId);
      const chosen = images.find((i) => i.id === imageId);
      if (!chosen) throw new ProductNotFound();
      await this.renumber(manager, shop, [chosen, ...images.filter((i) => i !== chosen)]);
      if (images[0] !== chosen) await this.mainImageChanged(manager, shop, product);
    });
  }

  /** Removes an image. The last image of a published product cannot go (it needs a main image). */
  async removeImage(shop: ShopContext, productId: string, imageId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      const product = await this.find(manager, shop, productId, true);
      const images = await this.orderedImages(manager, shop, productId);
      const chosen = images.find((i) => i.id === imageId);
      if (!chosen) throw new ProductNotFound();
      if (product.published && images.length === 1) {
        throw new ValidationFailed({ images: message('validation.product.lastImage') });
      }
      await manager.getRepository(ProductImage).delete({ id: chosen.id, shopId: shop.id });
      await this.renumber(
        manager,
        shop,
        images.filter((i) => i !== chosen),
      );
      if (images[0] === chosen) await this.mainImageChanged(manager, shop, product);
      return chosen;
    });
    for (const key of storedKeysOf(removed)) await this.files.delete(key);
  }

  /** Stripe shows the main image: a new one is a change it must see. */
  private async mainImageChanged(manager: EntityManager, shop: ShopContext, product: Product): Promise<void> {
    await manager
      .getRepository(Product)
      .update({ id: product.id, shopId: shop.id }, { syncVersion: () => 'sync_version + 1' });
    await this.sync.scheduleSync(manager, shop, product.id);
  }

  private async orderedImages(manager: EntityManager, shop: ShopContext, productId: string) {
    return manager.getRepository(ProductImage).find({
      where: { shopId: shop.id, productId },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
  }

  private async renumber(manager: EntityManager, shop: ShopContext, images: ProductImage[]): Promise<void> {
    const repo = manager.getRepository(ProductImage);
    for (const [position, image] of images.entries()) {
      if (image.position !== position) await repo.update({ id: image.id, shopId: shop.id }, { position });
    }
  }

  /** The one lookup by id: always with the shop; `lock` for changes inside a transaction. */
  private async find(
    manager: EntityManager,
    shop: ShopContext,
    productId: string,
    lock = false,
  ): Promise<Product> {
    return findInShop(manager, Product, shop, productId, { lock });
  }
}
