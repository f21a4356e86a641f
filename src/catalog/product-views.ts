import { t } from '../common/i18n.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { confirmView } from '../web/confirm-view.js';
import { moneyInputExample } from '../common/money-input.js';
import type { CatalogService, ProductWithImages } from './catalog.service.js';
import type { Product, ProductSyncState } from './entities/product.entity.js';
import type { ProductFormInput } from './product-input.js';
import { thumbnailUrl } from './image-variants.js';
import { MAX_IMAGES_PER_PRODUCT } from './catalog.service.js';

/** View models of the merchant's product pages: allow-listed fields and text, never entities. */

/** The catalog key of each `?done=` notice. */
const NOTICES: Record<string, string> = {
  saved: 'products.notice.saved',
  published: 'products.notice.published',
  unpublished: 'products.notice.unpublished',
  archived: 'products.notice.archived',
  image: 'products.notice.image',
  'image-removed': 'products.notice.imageRemoved',
};

const syncLabel = (lang: string, state: ProductSyncState) => t(lang, `products.sync.${state}`);

/** What the product form needs from the shop and the config. */
export interface ProductFormContext {
  lang: string;
  currency: string;
  maxUploadBytes: number;
  /** The shop's origin, for the published product's public link. */
  shopOrigin: string;
}

type ProductList = Awaited<ReturnType<CatalogService['list']>>;

export function productListView(lang: string, result: ProductList, search: string) {
  const link = (p: number) =>
    `/dashboard/products?page=${p}${search ? `&q=${encodeURIComponent(search)}` : ''}`;
  return {
    title: t(lang, 'products.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    search,
    pager: {
      prevHref: result.page > 1 ? link(result.page - 1) : null,
      nextHref: result.page < result.pages ? link(result.page + 1) : null,
      summary: t(lang, 'common.pager.summary', {
        page: result.page,
        pages: result.pages,
        total: t(lang, 'count.products', { count: result.total }),
      }),
    },
    products: result.items.map(({ product, mainImage }) => ({
      id: product.id,
      name: product.name,
      priceAmount: product.priceAmount,
      currency: product.currency,
      stockLabel: product.stock === null ? t(lang, 'products.unlimited') : String(product.stock),
      sortOrder: product.sortOrder,
      archived: product.archivedAt !== null,
      published: product.published,
      syncState: product.syncState,
      syncLabel: syncLabel(lang, product.syncState),
      syncError: product.syncError,
      imageUrl: mainImage ? thumbnailUrl(mainImage) : null,
    })),
  };
}

export function newProductView(
  ctx: ProductFormContext,
  values: ProductFormInput,
  errors: Record<string, string>,
) {
  return {
    title: t(ctx.lang, 'products.new.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    values,
    errors,
    priceCurrency: ctx.currency.toUpperCase(),
    priceExample: moneyInputExample(ctx.currency),
    maxUploadMb: Math.round((ctx.maxUploadBytes / (1024 * 1024)) * 10) / 10,
    maxImages: MAX_IMAGES_PER_PRODUCT,
  };
}

export function editProductView(
  ctx: ProductFormContext,
  { product, images }: ProductWithImages,
  values: ProductFormInput,
  errors: Record<string, string>,
  notice?: string,
) {
  return {
    ...newProductView(ctx, values, errors),
    title: product.name,
    notice,
    product: {
      id: product.id,
      name: product.name,
      published: product.published,
      archived: product.archivedAt !== null,
      syncLabel: syncLabel(ctx.lang, product.syncState),
      syncError: product.syncError,
      publicUrl: product.published ? `${ctx.shopOrigin}/products/${product.id}` : null,
    },
    images: images.map((image, index) => ({
      id: image.id,
      // Shown 120 px wide (products/edit.hbs).
      url: thumbnailUrl(image, 120),
      alt: image.alt ?? '',
      altPlaceholder: product.name,
      main: index === 0,
      first: index === 0,
      last: index === images.length - 1,
      position: index + 1,
    })),
  };
}

export function archiveProductView(lang: string, product: Product) {
  const archived = product.archivedAt !== null;
  return {
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    ...confirmView({
      title: t(lang, 'products.archive.title', { name: product.name }),
      message: t(lang, archived ? 'products.archive.already' : 'products.archive.message'),
      action: archived ? null : `/dashboard/products/${product.id}/archive`,
      button: t(lang, 'products.archive.button'),
      danger: true,
      cancelHref: `/dashboard/products/${product.id}`,
    }),
  };
}

/** The notice after a change (`?done=saved`) or a creation (`?created=1`). */
export function productNotice(lang: string, done: string | undefined, created: boolean): string | undefined {
  if (created) return t(lang, 'products.notice.created');
  const key = done ? NOTICES[done] : undefined;
  return key ? t(lang, key) : undefined;
}
