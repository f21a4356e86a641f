import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { message, ValidationFailed, type Message } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductArchived, ProductNotFound } from './catalog.errors.js';
import { CatalogSyncService } from './catalog-sync.service.js';
import { ProductImage } from './entities/product-image.entity.js';
import { Product } from './entities/product.entity.js';
import { FILE_STORAGE, type FileStorage } from './file-storage.js';
import { sniffImageFile } from './image-sniff.js';
import { checkProductInput, type ProductFormInput } from './product-input.js';
import { findInShop } from '../database/find-in-shop.js';

export const MERCHANT_PAGE_SIZE = 20;
export const MAX_IMAGES_PER_PRODUCT = 10;

/** An upload received to a temporary file on disk. */
export interface ReceivedFile {
  readonly path: string;
  readonly size: number;
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
    const imageOf = new Map(mainImages.map((i) => [i.productId, i.path]));
    return {
      items: products.map((product) => ({ product, mainImagePath: imageOf.get(product.id) ?? null })),
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
   * Stores an uploaded image (a temp file, see ImageUploadInterceptor) after checking its bytes;
   * the first one becomes the main image. The file is moved into FileStorage; when this throws,
   * the caller still owns (and deletes) the temp file.
   */
  async addImage(
    shop: ShopContext,
    productId: string,
    upload: ReceivedFile | undefined,
  ): Promise<ProductImage> {
    if (!upload || upload.size === 0)
      throw new ValidationFailed({ image: message('validation.product.imageMissing') });
    if (upload.size > this.config.uploads.maxBytes) throw new ValidationFailed({ image: this.tooLarge() });
    const sniffed = await sniffImageFile(upload.path);
    if (!sniffed) throw new ValidationFailed({ image: message('validation.product.imageType') });
    const { product } = await this.get(shop, productId);
    if (product.archivedAt) throw new ProductArchived();
    const key = `${shop.id}/${randomUUID()}.${sniffed.ext}`;
    await this.files.putFile(key, upload.path);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.find(manager, shop, productId, true);
        const repo = manager.getRepository(ProductImage);
        const count = await repo.count({ where: { shopId: shop.id, productId } });
        if (count >= MAX_IMAGES_PER_PRODUCT) {
          throw new ValidationFailed({
            image: message('validation.product.tooManyImages', { max: MAX_IMAGES_PER_PRODUCT }),
          });
        }
        const last = await repo.findOne({
          where: { shopId: shop.id, productId },
          order: { position: 'DESC' },
        });
        return repo.save(
          repo.create({
            shopId: shop.id,
            productId,
            path: key,
            contentType: sniffed.contentType,
            width: sniffed.width,
            height: sniffed.height,
            byteSize: upload.size,
            position: last ? last.position + 1 : 0,
          }),
        );
      });
    } catch (err) {
      await this.files.delete(key);
      throw err;
    }
  }

  tooLarge(): Message {
    const mb = this.config.uploads.maxBytes / (1024 * 1024);
    return message('validation.product.imageTooLarge', {
      megabytes: Number.isInteger(mb) ? mb : Number(mb.toFixed(1)),
    });
  }

  /** Makes an image the main one (position 0), keeping the others' order. */
  async makeMainImage(shop: ShopContext, productId: string, imageId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, shop, productId, true);
      const images = await this.orderedImages(manager, shop, productId);
      const chosen = images.find((i) => i.id === imageId);
      if (!chosen) throw new ProductNotFound();
      await this.renumber(manager, shop, [chosen, ...images.filter((i) => i !== chosen)]);
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
      return chosen;
    });
    await this.files.delete(removed.path);
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
