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

const SYNC_LABELS: Record<ProductSyncState, string> = {
  pending: 'Syncing with Stripe…',
  synced: 'On Stripe',
  failed: 'Stripe sync failed (retrying)',
  waiting_for_account: 'Waiting for payments setup',
};

const NOTICES: Record<string, string> = {
  saved: 'Changes saved.',
  published: 'Published: shoppers can see it now.',
  unpublished: 'Unpublished: hidden from your shop.',
  archived: 'Archived.',
  image: 'Images updated.',
  'image-removed': 'Image removed.',
};

/** What the product form needs from the shop and the config. */
export interface ProductFormContext {
  currency: string;
  maxUploadBytes: number;
  /** The shop's origin, for the published product's public link. */
  shopOrigin: string;
}

type ProductList = Awaited<ReturnType<CatalogService['list']>>;

export function productListView(result: ProductList, search: string) {
  const link = (p: number) =>
    `/dashboard/products?page=${p}${search ? `&q=${encodeURIComponent(search)}` : ''}`;
  return {
    title: 'Products',
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    search,
    pager: {
      prevHref: result.page > 1 ? link(result.page - 1) : null,
      nextHref: result.page < result.pages ? link(result.page + 1) : null,
      summary: `Page ${result.page} of ${result.pages} · ${t('en', 'count.products', { count: result.total })}`,
    },
    products: result.items.map(({ product, mainImage }) => ({
      id: product.id,
      name: product.name,
      priceAmount: product.priceAmount,
      currency: product.currency,
      stockLabel: product.stock === null ? 'Unlimited' : String(product.stock),
      sortOrder: product.sortOrder,
      archived: product.archivedAt !== null,
      published: product.published,
      syncState: product.syncState,
      syncLabel: SYNC_LABELS[product.syncState],
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
    title: 'New product',
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    values,
    errors,
    priceLabel: `Price (${ctx.currency.toUpperCase()})`,
    priceHint: `For example ${moneyInputExample(ctx.currency)}.`,
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
      syncLabel: SYNC_LABELS[product.syncState],
      syncError: product.syncError,
      publicUrl: product.published ? `${ctx.shopOrigin}/products/${product.id}` : null,
    },
    images: images.map((image, index) => ({
      id: image.id,
      url: thumbnailUrl(image),
      alt: image.alt ?? '',
      altPlaceholder: product.name,
      main: index === 0,
      first: index === 0,
      last: index === images.length - 1,
      position: index + 1,
    })),
  };
}

export function archiveProductView(product: Product) {
  const archived = product.archivedAt !== null;
  return {
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    ...confirmView({
      title: `Archive “${product.name}”?`,
      message: archived
        ? 'This product is already archived.'
        : 'It disappears from your shop and can no longer be bought or edited. Past orders keep it.',
      action: archived ? null : `/dashboard/products/${product.id}/archive`,
      button: 'Archive',
      danger: true,
      cancelHref: `/dashboard/products/${product.id}`,
    }),
  };
}

/** The notice after a change (`?done=saved`) or a creation (`?created=1`). */
export function productNotice(done: string | undefined, created: boolean): string | undefined {
  if (created) return 'Product created. Add an image, then publish it.';
  return done ? NOTICES[done] : undefined;
}
