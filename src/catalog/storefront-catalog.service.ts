import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductNotFound } from './catalog.errors.js';
import { isUuid } from '../common/uuid.js';
import { replicaQuery } from '../database/replica-read.js';
import type { StoredImage } from './image-variants.js';
import { CollectionNotFound } from './catalog.errors.js';
import {
  MAX_LISTING_PAGE,
  orderBy,
  searchConfigOf,
  searchDocument,
  TRIGRAM_NAME,
  type SearchSort,
  type Sort,
} from './product-search.js';

export const STOREFRONT_PAGE_SIZE = 24;
const SITEMAP_MAX = 50_000;

/** A product as shoppers see it: plain rows, no entity hydration. */
export interface ShopProductCard {
  id: string;
  name: string;
  priceAmount: number;
  currency: string;
  stock: number | null;
  /** The main image. */
  image: StoredImage | null;
}

export interface ShopProductDetail extends ShopProductCard {
  description: string;
  images: StoredImage[];
  /** Empty for a product without options. */
  options: Array<{ name: string; values: string[] }>;
  /** The sellable variants (one, with no option values, for a product without options). */
  variants: ShopVariant[];
}

/** A sellable variant (active, not archived) of a published product. */
export interface ShopVariant {
  id: string;
  productId: string;
  optionValues: string[];
  priceAmount: number;
  compareAtAmount: number | null;
  stock: number | null;
  /** Its own image; null = the product's main one. */
  image: StoredImage | null;
}

interface VariantRow {
  id: string;
  product_id: string;
  option_values: string[];
  price_amount: number;
  compare_at_amount: number | null;
  stock: number | null;
  image: StoredImage | null;
}

const toVariant = (r: VariantRow): ShopVariant => ({
  id: r.id,
  productId: r.product_id,
  optionValues: r.option_values,
  priceAmount: r.price_amount,
  compareAtAmount: r.compare_at_amount,
  stock: r.stock,
  image: r.image,
});

/** Sellable variants with their own image, built by Postgres (`v` and `i` in the query). */
const VARIANT_COLUMNS = `v.id, v.product_id, v.option_values, v.price_amount, v.compare_at_amount, v.stock,
  CASE WHEN i.path IS NULL THEN NULL ELSE json_build_object('path', i.path, 'width', i.width,
    'height', i.height, 'variantVersion', i.variant_version, 'alt', i.alt) END AS image`;

interface CardRow {
  id: string;
  name: string;
  price_amount: number;
  currency: string;
  stock: number | null;
  image: StoredImage | null;
}

const toCard = (r: CardRow): ShopProductCard => ({
  id: r.id,
  name: r.name,
  priceAmount: r.price_amount,
  currency: r.currency,
  stock: r.stock,
  image: r.image,
});

/** An image row as the pages need it (StoredImage), built by Postgres. */
const IMAGE_JSON = `json_build_object('path', i.path, 'width', i.width, 'height', i.height,
  'variantVersion', i.variant_version, 'alt', i.alt)`;

/** A card's columns, with product `p`'s main image (MAIN_IMAGE_JOIN). */
const CARD_COLUMNS = `p.id, p.name, p.price_amount, p.currency, p.stock,
  CASE WHEN i.path IS NULL THEN NULL ELSE ${IMAGE_JSON} END AS image`;
const MAIN_IMAGE_JOIN = `LEFT JOIN LATERAL (
  SELECT path, width, height, variant_version, alt FROM product_image
   WHERE shop_id = p.shop_id AND product_id = p.id AND position = 0
   LIMIT 1) i ON true`;

/** One page of cards and whether there is a next one (`LIMIT n+1`, no count). */
export interface CardPage {
  items: ShopProductCard[];
  page: number;
  hasNext: boolean;
}

/** A collection as its page and the shop's navigation show it. */
export interface ShopCollection {
  id: string;
  title: string;
  handle: string;
  description: string;
  updatedAt: Date;
}

/** How many collections the shop's header links to (the first ones by title). */
export const NAV_COLLECTIONS_MAX = 12;
const HANDLE_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const boundedPage = (page: number) =>
  Number.isSafeInteger(page) && page >= 1 && page <= MAX_LISTING_PAGE ? page : 1;

const toPage = (rows: CardRow[], page: number): CardPage => ({
  items: rows.slice(0, STOREFRONT_PAGE_SIZE).map(toCard),
  page,
  hasNext: rows.length > STOREFRONT_PAGE_SIZE,
});

/**
 * The storefront's read side of the catalog. Only published, unarchived products of the given
 * shop exist here; anything else is ProductNotFound. Lean by design (issue #12): one raw query
 * per page whatever the catalog size, on ix_product_storefront (shop_id, published, sort_order, id
 * WHERE archived_at IS NULL), main image joined in, `LIMIT n+1` instead of a count.
 *
 * The pages (home, product, sitemap) read from a replica when there is one: a product published a
 * moment ago may show a moment later. The cart's `cardsByIds` stays on the primary (the
 * shopper just added the product; checkout prices and stock come from it).
 */
@Injectable()
export class StorefrontCatalogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async homePage(
    shop: ShopContext,
    page: number,
  ): Promise<{ items: ShopProductCard[]; page: number; hasNext: boolean }> {
    const p = Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
    const rows = await replicaQuery<CardRow[]>(
      this.dataSource,
      `SELECT p.id, p.name, p.price_amount, p.currency, p.stock,
              CASE WHEN i.path IS NULL THEN NULL ELSE ${IMAGE_JSON} END AS image
         FROM product p
         LEFT JOIN LATERAL (
           SELECT path, width, height, variant_version, alt FROM product_image
            WHERE shop_id = p.shop_id AND product_id = p.id AND position = 0
            LIMIT 1) i ON true
        WHERE p.shop_id = $1 AND p.published AND p.archived_at IS NULL
        ORDER BY p.sort_order, p.id
        LIMIT $2 OFFSET $3`,
      [shop.id, STOREFRONT_PAGE_SIZE + 1, (p - 1) * STOREFRONT_PAGE_SIZE],
      { statement: 'storefront_home' },
    );
    return {
      items: rows.slice(0, STOREFRONT_PAGE_SIZE).map(toCard),
      page: p,
      hasNext: rows.length > STOREFRONT_PAGE_SIZE,
    };
  }

  /** The shop's products in one of the storefront's orders (the home page's, when sorted). */
  async listing(shop: ShopContext, sort: Sort, page: number): Promise<CardPage> {
    if (page > MAX_LISTING_PAGE) return { items: [], page, hasNext: false };
    const p = boundedPage(page);
    const rows = await replicaQuery<CardRow[]>(
      this.dataSource,
      `SELECT ${CARD_COLUMNS}
         FROM product p ${MAIN_IMAGE_JOIN}
        WHERE p.shop_id = $1 AND p.published AND p.archived_at IS NULL
        ORDER BY ${orderBy(sort, 'p.sort_order, p.id')}
        LIMIT $2 OFFSET $3`,
      [shop.id, STOREFRONT_PAGE_SIZE + 1, (p - 1) * STOREFRONT_PAGE_SIZE],
    );
    return toPage(rows, p);
  }

  /** A collection of this shop by handle; anything else is CollectionNotFound. */
  async collection(shop: ShopContext, handle: string): Promise<ShopCollection> {
    if (!HANDLE_SHAPE.test(handle) || handle.length > 80) throw new CollectionNotFound();
    const rows = await replicaQuery<
      Array<{ id: string; title: string; handle: string; description: string; updated_at: Date }>
    >(
      this.dataSource,
      `SELECT id, title, handle, description, updated_at FROM collection WHERE shop_id = $1 AND handle = $2`,
      [shop.id, handle],
    );
    const row = rows[0];
    if (!row) throw new CollectionNotFound();
    return { ...row, updatedAt: row.updated_at };
  }

  /** A page of a collection's buyable products; `featured` is the merchant's order. */
  async collectionProducts(
    shop: ShopContext,
    collectionId: string,
    sort: Sort,
    page: number,
  ): Promise<CardPage> {
    const p = boundedPage(page);
    const rows = await replicaQuery<CardRow[]>(
      this.dataSource,
      `SELECT ${CARD_COLUMNS}
         FROM collection_product cp
         JOIN product p ON p.id = cp.product_id AND p.shop_id = cp.shop_id
         ${MAIN_IMAGE_JOIN}
        WHERE cp.shop_id = $1 AND cp.collection_id = $2 AND p.published AND p.archived_at IS NULL
        ORDER BY ${orderBy(sort, 'cp.position, p.id')}
        LIMIT $3 OFFSET $4`,
      [shop.id, collectionId, STOREFRONT_PAGE_SIZE + 1, (p - 1) * STOREFRONT_PAGE_SIZE],
    );
    return toPage(rows, p);
  }

  /**
   * The shop's collections for its header and sitemap, by title. Read on every shop page:
   * StorefrontCollectionsCache keeps them per process.
   */
  async collections(shop: Pick<ShopContext, 'id'>, limit: number): Promise<ShopCollection[]> {
    const rows = await replicaQuery<
      Array<{ id: string; title: string; handle: string; description: string; updated_at: Date }>
    >(
      this.dataSource,
      `SELECT id, title, handle, '' AS description, updated_at FROM collection
        WHERE shop_id = $1 ORDER BY title, id LIMIT $2`,
      [shop.id, limit],
    );
    return rows.map((r) => ({ ...r, updatedAt: r.updated_at }));
  }

  /**
   * Search over the buyable products' name and description (product-search.ts): full-text in the
   * shop's language, ranked; when that finds nothing, the trigram fallback on the name.
   */
  async search(shop: ShopContext, text: string, sort: SearchSort, page: number): Promise<CardPage> {
    const p = boundedPage(page);
    const q = text.trim().slice(0, 100);
    if (!q) return { items: [], page: p, hasNext: false };
    const config = searchConfigOf(shop);
    const document = searchDocument(config);
    const params = [shop.id, q, STOREFRONT_PAGE_SIZE + 1, (p - 1) * STOREFRONT_PAGE_SIZE];
    const rows = await replicaQuery<CardRow[]>(
      this.dataSource,
      `SELECT ${CARD_COLUMNS}
         FROM product p ${MAIN_IMAGE_JOIN}, websearch_to_tsquery('${config}'::regconfig, $2) query
        WHERE p.shop_id = $1 AND p.published AND p.archived_at IS NULL AND ${document} @@ query
        ORDER BY ${orderBy(sort, 'p.sort_order, p.id', `ts_rank_cd(${document}, query) DESC, p.id`)}
        LIMIT $3 OFFSET $4`,
      params,
    );
    if (rows.length || p > 1) return toPage(rows, p);
    const fuzzy = await replicaQuery<CardRow[]>(
      this.dataSource,
      `SELECT ${CARD_COLUMNS}
         FROM product p ${MAIN_IMAGE_JOIN}, comptoir_unaccent(lower($2)) query
        WHERE p.shop_id = $1 AND p.published AND p.archived_at IS NULL
          AND (query % ${TRIGRAM_NAME} OR query <% ${TRIGRAM_NAME})
        ORDER BY ${orderBy(
          sort,
          'p.sort_order, p.id',
          `greatest(similarity(query, ${TRIGRAM_NAME}), word_similarity(query, ${TRIGRAM_NAME})) DESC, p.id`,
        )}
        LIMIT $3 OFFSET $4`,
      params,
    );
    return toPage(fuzzy, p);
  }

  async product(shop: ShopContext, productId: string): Promise<ShopProductDetail> {
    if (!isUuid(productId)) throw new ProductNotFound();
    // One query for the page (issue #12): options and sellable variants come as JSON columns.
    const rows = await replicaQuery<
      Array<
        Omit<CardRow, 'image'> & {
          description: string;
          images: StoredImage[];
          options: ShopProductDetail['options'];
          variants: VariantRow[];
        }
      >
    >(
      this.dataSource,
      `SELECT p.id, p.name, p.description, p.price_amount, p.currency, p.stock,
              coalesce(json_agg(${IMAGE_JSON} ORDER BY i.position, i.created_at) FILTER (WHERE i.id IS NOT NULL), '[]') AS images,
              (SELECT coalesce(json_agg(json_build_object('name', o.name, 'values', o.values) ORDER BY o.position), '[]')
                 FROM product_option o WHERE o.shop_id = p.shop_id AND o.product_id = p.id) AS options,
              (SELECT coalesce(json_agg(row_to_json(x) ORDER BY x.position, x.id), '[]') FROM (
                 SELECT ${VARIANT_COLUMNS}, v.position
                   FROM product_variant v
                   LEFT JOIN product_image i ON i.id = v.image_id AND i.shop_id = v.shop_id
                  WHERE v.shop_id = p.shop_id AND v.product_id = p.id AND v.active AND v.archived_at IS NULL) x
              ) AS variants
         FROM product p
         LEFT JOIN product_image i ON i.shop_id = p.shop_id AND i.product_id = p.id
        WHERE p.shop_id = $1 AND p.id = $2 AND p.published AND p.archived_at IS NULL
        GROUP BY p.id`,
      [shop.id, productId],
      { statement: 'storefront_product' },
    );
    const row = rows[0];
    if (!row) throw new ProductNotFound();
    return {
      ...toCard({ ...row, image: row.images[0] ?? null }),
      description: row.description,
      images: row.images,
      options: row.options,
      variants: row.variants.map(toVariant),
    };
  }

  /** The sellable variants among `ids` of published products (others silently absent), in one query. */
  async variantsByIds(shop: ShopContext, ids: string[]): Promise<Map<string, ShopVariant>> {
    const valid = ids.filter((id) => isUuid(id));
    if (!valid.length) return new Map();
    const rows = await this.dataSource.query<VariantRow[]>(
      `SELECT ${VARIANT_COLUMNS}
         FROM product_variant v
         JOIN product p ON p.id = v.product_id AND p.shop_id = v.shop_id
         LEFT JOIN product_image i ON i.id = v.image_id AND i.shop_id = v.shop_id
        WHERE v.shop_id = $1 AND v.id = ANY($2::uuid[]) AND v.active AND v.archived_at IS NULL
          AND p.published AND p.archived_at IS NULL`,
      [shop.id, valid],
    );
    return new Map(rows.map((r) => [r.id, toVariant(r)]));
  }

  /** The buyable products among `ids` (others silently absent), in one query. */
  async cardsByIds(shop: ShopContext, ids: string[]): Promise<Map<string, ShopProductCard>> {
    const valid = ids.filter((id) => isUuid(id));
    if (!valid.length) return new Map();
    const rows = await this.dataSource.query<CardRow[]>(
      `SELECT p.id, p.name, p.price_amount, p.currency, p.stock,
              CASE WHEN i.path IS NULL THEN NULL ELSE ${IMAGE_JSON} END AS image
         FROM product p
         LEFT JOIN LATERAL (
           SELECT path, width, height, variant_version, alt FROM product_image
            WHERE shop_id = p.shop_id AND product_id = p.id AND position = 0
            LIMIT 1) i ON true
        WHERE p.shop_id = $1 AND p.id = ANY($2::uuid[]) AND p.published AND p.archived_at IS NULL`,
      [shop.id, valid],
    );
    return new Map(rows.map((r) => [r.id, toCard(r)]));
  }

  async sitemapCollections(shop: ShopContext): Promise<Array<{ handle: string; updatedAt: Date }>> {
    const rows = await replicaQuery<Array<{ handle: string; updated_at: Date }>>(
      this.dataSource,
      `SELECT handle, updated_at FROM collection WHERE shop_id = $1 ORDER BY handle LIMIT $2`,
      [shop.id, SITEMAP_MAX],
    );
    return rows.map((r) => ({ handle: r.handle, updatedAt: r.updated_at }));
  }

  /** Whether a product has options (then a cart line must name one of its variants). */
  async hasOptions(shop: ShopContext, productId: string): Promise<boolean> {
    if (!isUuid(productId)) return false;
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM product_option WHERE shop_id = $1 AND product_id = $2 LIMIT 1`,
      [shop.id, productId],
    );
    return rows.length > 0;
  }

  async sitemapEntries(shop: ShopContext): Promise<Array<{ id: string; updatedAt: Date }>> {
    const rows = await replicaQuery<Array<{ id: string; updated_at: Date }>>(
      this.dataSource,
      `SELECT id, updated_at FROM product
        WHERE shop_id = $1 AND published AND archived_at IS NULL
        ORDER BY sort_order, id LIMIT $2`,
      [shop.id, SITEMAP_MAX],
    );
    return rows.map((r) => ({ id: r.id, updatedAt: r.updated_at }));
  }
}
