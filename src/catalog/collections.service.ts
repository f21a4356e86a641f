import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { message, ValidationFailed } from '../common/domain-error.js';
import { CacheInvalidation } from '../database/cache-invalidation.js';
import { findInShop } from '../database/find-in-shop.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { isUuid } from '../common/uuid.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CollectionNotFound, ProductNotFound } from './catalog.errors.js';
import { checkCollectionInput, handleFromTitle, type CollectionFormInput } from './collection-input.js';
import { CollectionProduct } from './entities/collection-product.entity.js';
import { Collection } from './entities/collection.entity.js';
import { Product } from './entities/product.entity.js';
import type { StoredImage } from './image-variants.js';
import { COLLECTIONS_TOPIC, StorefrontCollectionsCache } from './storefront-collections-cache.js';

/** How many collections a shop may have (the header links to the first ones). */
export const MAX_COLLECTIONS = 200;
/** How many products a merchant finds at once when adding to a collection. */
const PRODUCT_MATCHES = 20;

export interface CollectionProductRow {
  id: string;
  name: string;
  published: boolean;
  archived: boolean;
  image: StoredImage | null;
}

/**
 * The merchant side of collections. Every method takes the shop first and every query names it:
 * another shop's collection or product (or a malformed id) is "not found". A handle is unique per
 * shop: creations and renames of one shop take a transaction-scoped advisory lock, so twenty
 * concurrent "Mugs" get `mugs`, `mugs-2`… and a typed handle already in use is refused with a
 * message (the unique index stays the last word). Products keep the merchant's order
 * (`position`); every change tells the storefront's collections cache of every process.
 */
@Injectable()
export class CollectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly caches: CacheInvalidation,
    private readonly storefrontCache: StorefrontCollectionsCache,
  ) {}

  async list(shop: ShopContext) {
    return this.dataSource.query<Array<{ id: string; title: string; handle: string; productCount: number }>>(
      `SELECT c.id, c.title, c.handle,
              (SELECT count(*)::int FROM collection_product cp
                WHERE cp.shop_id = c.shop_id AND cp.collection_id = c.id) AS "productCount"
         FROM collection c WHERE c.shop_id = $1 ORDER BY c.title, c.id LIMIT $2`,
      [shop.id, MAX_COLLECTIONS],
    );
  }

  async get(shop: ShopContext, id: string): Promise<Collection> {
    return findInShop(this.dataSource.manager, Collection, shop, id);
  }

  /** The collection's products in the merchant's order, drafts and archived ones included. */
  async products(shop: ShopContext, collectionId: string): Promise<CollectionProductRow[]> {
    return this.dataSource.query<CollectionProductRow[]>(
      `SELECT p.id, p.name, p.published, p.archived_at IS NOT NULL AS archived,
              CASE WHEN i.path IS NULL THEN NULL ELSE json_build_object('path', i.path, 'width', i.width,
                'height', i.height, 'variantVersion', i.variant_version, 'alt', i.alt) END AS image
         FROM collection_product cp
         JOIN product p ON p.id = cp.product_id AND p.shop_id = cp.shop_id
         LEFT JOIN product_image i ON i.shop_id = p.shop_id AND i.product_id = p.id AND i.position = 0
        WHERE cp.shop_id = $1 AND cp.collection_id = $2
        ORDER BY cp.position, cp.product_id`,
      [shop.id, collectionId],
    );
  }

  /** Products of the shop whose name contains `search`, not yet in the collection. */
  async candidates(shop: ShopContext, collectionId: string, search: string) {
    const q = search.trim();
    if (!q) return [];
    return this.dataSource.query<Array<{ id: string; name: string }>>(
      `SELECT p.id, p.name FROM product p
        WHERE p.shop_id = $1 AND p.archived_at IS NULL AND p.name ILIKE $3 ESCAPE '\\'
          AND NOT EXISTS (SELECT 1 FROM collection_product cp
                           WHERE cp.collection_id = $2 AND cp.product_id = p.id)
        ORDER BY p.name, p.id LIMIT $4`,
      [shop.id, collectionId, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, PRODUCT_MATCHES],
    );
  }

  async create(shop: ShopContext, input: CollectionFormInput): Promise<Collection> {
    const checked = checkCollectionInput(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    return this.withHandles(shop, async (manager) => {
      const repo = manager.getRepository(Collection);
      if ((await repo.count({ where: { shopId: shop.id } })) >= MAX_COLLECTIONS) {
        throw new ValidationFailed({
          title: message('dashboard.collections.errors.tooMany', { max: MAX_COLLECTIONS }),
        });
      }
      const handle = await this.freeHandle(manager, shop, checked.value.handle, checked.value.title, null);
      return repo.save(repo.create({ ...checked.value, handle, shopId: shop.id }));
    });
  }

  async update(shop: ShopContext, id: string, input: CollectionFormInput): Promise<Collection> {
    const checked = checkCollectionInput(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    return this.withHandles(shop, async (manager) => {
      const collection = await findInShop(manager, Collection, shop, id, { lock: true });
      // A blank handle on an existing collection keeps the one it has (links stay valid).
      const handle =
        checked.value.handle === null
          ? collection.handle
          : await this.freeHandle(manager, shop, checked.value.handle, checked.value.title, collection.id);
      Object.assign(collection, { ...checked.value, handle });
      return manager.getRepository(Collection).save(collection);
    });
  }

  /** Deletes the collection and its product list; the products themselves are untouched. */
  async delete(shop: ShopContext, id: string): Promise<void> {
    await this.change(shop, async (manager) => {
      const collection = await findInShop(manager, Collection, shop, id, { lock: true });
      await manager.delete(CollectionProduct, { shopId: shop.id, collectionId: collection.id });
      await manager.delete(Collection, { shopId: shop.id, id: collection.id });
    });
  }

  async addProduct(shop: ShopContext, collectionId: string, productId: string): Promise<void> {
    await this.change(shop, async (manager) => {
      await findInShop(manager, Collection, shop, collectionId, { lock: true });
      await findInShop(manager, Product, shop, productId);
      await this.append(manager, shop, collectionId, productId);
    });
  }

  async removeProduct(shop: ShopContext, collectionId: string, productId: string): Promise<void> {
    await this.change(shop, async (manager) => {
      await findInShop(manager, Collection, shop, collectionId, { lock: true });
      if (!isUuid(productId)) throw new ProductNotFound();
      const result = await manager
        .getRepository(CollectionProduct)
        .delete({ shopId: shop.id, collectionId, productId });
      if (!result.affected) throw new ProductNotFound();
    });
  }

  /** Moves a product one place earlier (-1) or later (1) in the collection. */
  async moveProduct(
    shop: ShopContext,
    collectionId: string,
    productId: string,
    offset: -1 | 1,
  ): Promise<void> {
    await this.change(shop, async (manager) => {
      await findInShop(manager, Collection, shop, collectionId, { lock: true });
      const repo = manager.getRepository(CollectionProduct);
      const rows = await repo.find({
        where: { shopId: shop.id, collectionId },
        order: { position: 'ASC', productId: 'ASC' },
      });
      const from = rows.findIndex((r) => r.productId === productId);
      if (from < 0) throw new ProductNotFound();
      const to = from + offset;
      if (to < 0 || to >= rows.length) return;
      [rows[from], rows[to]] = [rows[to], rows[from]];
      for (const [index, row] of rows.entries()) {
        if (row.position !== index) {
          await repo.update({ shopId: shop.id, collectionId, productId: row.productId }, { position: index });
        }
      }
    });
  }

  /** The shop's collections, each saying whether `productId` is in it (the product page's fieldset). */
  async membership(shop: ShopContext, productId: string) {
    return this.dataSource.query<Array<{ id: string; title: string; member: boolean }>>(
      `SELECT c.id, c.title, EXISTS (SELECT 1 FROM collection_product cp
                WHERE cp.shop_id = c.shop_id AND cp.collection_id = c.id AND cp.product_id = $2) AS member
         FROM collection c WHERE c.shop_id = $1 ORDER BY c.title, c.id LIMIT $3`,
      [shop.id, productId, MAX_COLLECTIONS],
    );
  }

  /** Puts the product in exactly `collectionIds` (appended at the end of those it joins). */
  async setProductCollections(shop: ShopContext, productId: string, collectionIds: string[]): Promise<void> {
    await this.change(shop, async (manager) => {
      await findInShop(manager, Product, shop, productId, { lock: true });
      const wanted = [...new Set(collectionIds)];
      if (wanted.some((id) => !isUuid(id))) throw new CollectionNotFound();
      const found = wanted.length
        ? await manager
            .getRepository(Collection)
            .createQueryBuilder('c')
            .select('c.id')
            .where('c.shop_id = :shopId AND c.id IN (:...ids)', { shopId: shop.id, ids: wanted })
            .getMany()
        : [];
      if (found.length !== wanted.length) throw new CollectionNotFound();
      const repo = manager.getRepository(CollectionProduct);
      const current = await repo.find({ where: { shopId: shop.id, productId } });
      for (const row of current) {
        if (!wanted.includes(row.collectionId)) {
          await repo.delete({ shopId: shop.id, collectionId: row.collectionId, productId });
        }
      }
      for (const id of wanted) {
        if (!current.some((r) => r.collectionId === id)) await this.append(manager, shop, id, productId);
      }
    });
  }

  private async append(manager: EntityManager, shop: ShopContext, collectionId: string, productId: string) {
    await manager.query(
      `INSERT INTO collection_product (shop_id, collection_id, product_id, position)
       SELECT $1, $2, $3, coalesce(max(position) + 1, 0) FROM collection_product
        WHERE shop_id = $1 AND collection_id = $2
       ON CONFLICT (collection_id, product_id) DO NOTHING`,
      [shop.id, collectionId, productId],
    );
  }

  /** A transaction whose changes reach every process's storefront cache at its commit. */
  private async change<T>(shop: ShopContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const done = await work(manager);
      await this.caches.publish(COLLECTIONS_TOPIC, shop.id, manager);
      return done;
    });
    // This process at once; the others when the notification reaches them.
    this.storefrontCache.forget(shop.id);
    return result;
  }

  /** `change`, holding the shop's handle lock: handles are chosen one at a time per shop. */
  private async withHandles<T>(shop: ShopContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.change(shop, async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('collection-handle:' || $1, 0))`, [
          shop.id,
        ]);
        return work(manager);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_collection_shop_handle')) throw handleTaken();
      throw err;
    }
  }

  /**
   * The handle to store: a typed one if free (else refused), or one made from the title, with
   * `-2`, `-3`… when taken. Runs under the shop's handle lock.
   */
  private async freeHandle(
    manager: EntityManager,
    shop: ShopContext,
    typed: string | null,
    title: string,
    selfId: string | null,
  ): Promise<string> {
    const taken = async (handle: string) =>
      (
        await manager.query<unknown[]>(
          'SELECT 1 FROM collection WHERE shop_id = $1 AND handle = $2 AND id IS DISTINCT FROM $3',
          [shop.id, handle, selfId],
        )
      ).length > 0;
    if (typed !== null) {
      if (await taken(typed)) throw handleTaken();
      return typed;
    }
    const base = handleFromTitle(title);
    const used = new Set(
      (
        await manager.query<Array<{ handle: string }>>(
          `SELECT handle FROM collection WHERE shop_id = $1 AND (handle = $2 OR handle LIKE $3)
             AND id IS DISTINCT FROM $4`,
          [shop.id, base, `${base}-%`, selfId],
        )
      ).map((r) => r.handle),
    );
    if (!used.has(base)) return base;
    for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

function handleTaken(): ValidationFailed {
  return new ValidationFailed({ handle: message('dashboard.collections.errors.handleTaken') });
}
