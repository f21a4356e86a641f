import { t } from '../common/i18n.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { confirmView } from '../web/confirm-view.js';
import type { Collection } from './entities/collection.entity.js';
import type { CollectionFormInput } from './collection-input.js';
import type { CollectionProductRow, CollectionsService } from './collections.service.js';
import { thumbnailUrl } from './image-variants.js';

/** View models of the merchant's collection pages: allow-listed fields, never entities. */

const NOTICES: Record<string, string> = {
  saved: 'dashboard.collections.notice.saved',
  created: 'dashboard.collections.notice.created',
  products: 'dashboard.collections.notice.products',
};

type CollectionList = Awaited<ReturnType<CollectionsService['list']>>;

export function collectionListView(
  lang: string,
  collections: CollectionList,
  shopOrigin: string,
  done?: string,
) {
  return {
    title: t(lang, 'dashboard.collections.title'),
    notice: done === 'deleted' ? t(lang, 'dashboard.collections.notice.deleted') : undefined,
    layout: DASHBOARD_LAYOUT,
    section: 'collections',
    collections: collections.map((c) => ({
      id: c.id,
      title: c.title,
      publicUrl: `${shopOrigin}/collections/${c.handle}`,
      handle: c.handle,
      countLabel: t(lang, 'dashboard.collections.productCount', { count: c.productCount }),
    })),
  };
}

export function deleteCollectionView(lang: string, collection: Collection) {
  return {
    layout: DASHBOARD_LAYOUT,
    section: 'collections',
    ...confirmView({
      title: t(lang, 'dashboard.collections.delete.title', { title: collection.title }),
      message: t(lang, 'dashboard.collections.delete.message'),
      action: `/dashboard/collections/${collection.id}/delete`,
      button: t(lang, 'dashboard.collections.delete.button'),
      danger: true,
      cancelHref: `/dashboard/collections/${collection.id}`,
    }),
  };
}

export function newCollectionView(lang: string, values: CollectionFormInput, errors: Record<string, string>) {
  return {
    title: t(lang, 'dashboard.collections.new.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'collections',
    values,
    errors,
  };
}

export function editCollectionView(
  lang: string,
  shopOrigin: string,
  collection: Collection,
  products: CollectionProductRow[],
  page: {
    values: CollectionFormInput;
    errors: Record<string, string>;
    done?: string;
    search?: string;
    candidates?: Array<{ id: string; name: string }>;
  },
) {
  return {
    ...newCollectionView(lang, page.values, page.errors),
    title: collection.title,
    notice: page.done && NOTICES[page.done] ? t(lang, NOTICES[page.done]) : undefined,
    collection: {
      id: collection.id,
      title: collection.title,
      publicUrl: `${shopOrigin}/collections/${collection.handle}`,
    },
    products: products.map((p, index) => ({
      id: p.id,
      name: p.name,
      imageUrl: p.image ? thumbnailUrl(p.image) : null,
      stateLabel: p.archived
        ? t(lang, 'products.state.archived')
        : p.published
          ? t(lang, 'products.state.published')
          : t(lang, 'products.state.draft'),
      first: index === 0,
      last: index === products.length - 1,
      position: index + 1,
    })),
    search: page.search ?? '',
    candidates: page.candidates ?? [],
    searched: Boolean(page.search),
  };
}

export function collectionToInput(collection: Collection): CollectionFormInput {
  return { title: collection.title, handle: collection.handle, description: collection.description };
}
