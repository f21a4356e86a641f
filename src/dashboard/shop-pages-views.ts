import { t } from '../common/i18n.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import type { ShopPageText } from '../storefront/shop-pages.service.js';
import {
  renderShopPage,
  SHOP_PAGE_MAX_LENGTH,
  shopPagePath,
  shopPageTitleKey,
  type ShopPageKind,
} from '../storefront/shop-pages.js';

/** The list of a shop's pages, each published (with a body) or empty. */
export function shopPagesListView(lang: string, pages: ShopPageText[], publicUrl: string) {
  return {
    title: t(lang, 'shopPages.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'pages',
    pages: pages.map((p) => ({
      kind: p.kind,
      title: t(lang, shopPageTitleKey(p.kind)),
      published: p.body.trim() !== '',
      editHref: `/dashboard/pages/${p.kind}`,
      publicHref: `${publicUrl}${shopPagePath(p.kind)}`,
    })),
  };
}

/** One page's form; the preview shows what is saved (after a save, or when the page has a body). */
export function shopPageEditView(
  lang: string,
  kind: ShopPageKind,
  values: { body: string },
  saved: { body: string } | null,
  errors: Record<string, string>,
  notice: boolean,
  publicUrl: string,
) {
  const title = t(lang, shopPageTitleKey(kind));
  return {
    title: t(lang, 'shopPages.editTitle', { page: title }),
    layout: DASHBOARD_LAYOUT,
    section: 'pages',
    page: {
      kind,
      title,
      action: `/dashboard/pages/${kind}`,
      publicHref: saved?.body.trim() ? `${publicUrl}${shopPagePath(kind)}` : null,
      // Safe: Markdown rendered with raw HTML off, then sanitised by an allow-list.
      previewHtml: saved?.body.trim() ? renderShopPage(saved.body) : null,
    },
    maxLength: SHOP_PAGE_MAX_LENGTH,
    values,
    errors,
    notice: notice ? t(lang, 'shopPages.saved') : undefined,
  };
}
