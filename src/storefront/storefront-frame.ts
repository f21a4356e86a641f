import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { shopOrigin } from '../common/shop-url.js';
import { DEFAULT_LANGUAGE } from '../common/i18n.js';
import type { CartLine } from './cart-cookie.js';
import { shopLogo } from './shop-images.js';
import { SHOP_PAGE_KINDS, shopPagePath, shopPageTitleKey } from './shop-pages.js';

export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** Bumped when brand.css says more for the same colour: its URL changes, no stale cached copy. */
const BRAND_CSS_VERSION = 2;

/** The shopper's language for this page, chosen by request-pipeline.ts (`res.locals.lang`). */
export function languageOf(res: { locals: Record<string, unknown> }): string {
  return typeof res.locals.lang === 'string' ? res.locals.lang : DEFAULT_LANGUAGE;
}

export interface StorefrontPage {
  title?: string;
  path: string;
  description?: string;
  image?: string;
  type?: string;
  noindex?: boolean;
  /** The page updates itself from a JSON status URL (public/js/poll-status.js, same origin). */
  pollScript?: boolean;
  /** schema.org data for the page (storefront-views.ts productJsonLd: already `<`-escaped JSON). */
  jsonLd?: string;
}

/** A link of the header's collections (views/partials/storefront/collections-nav.hbs). */
export interface FrameCollection {
  title: string;
  handle: string;
}

/**
 * What every storefront page's view model has: layout, branding, SEO tags, cart count, and the
 * shop's collections for its header (from StorefrontCollectionsCache: no query on most pages).
 */
export function storefrontFrame(
  config: Pick<AppConfig, 'appUrl' | 'appDomain'>,
  shop: ShopContext,
  cart: CartLine[],
  page: StorefrontPage,
  collections: readonly FrameCollection[] = [],
) {
  const origin = shopOrigin(config, shop.slug);
  const colour = shop.brandColour && HEX_COLOUR.test(shop.brandColour) ? shop.brandColour : null;
  const cartCount = cart.reduce((n, l) => n + l.quantity, 0);
  return {
    layout: 'layouts/storefront',
    title: page.title,
    siteName: shop.name,
    metaDescription: page.description,
    canonicalUrl: `${origin}${page.path}`,
    noindex: page.noindex ?? false,
    pollScript: page.pollScript ?? false,
    jsonLd: page.jsonLd,
    og: {
      title: page.title ?? shop.name,
      siteName: shop.name,
      description: page.description,
      url: `${origin}${page.path}`,
      image: page.image,
      type: page.type ?? 'website',
    },
    storefront: {
      name: shop.name,
      brandCssHref: colour
        ? `/brand.css?v=${createHash('sha1').update(`${BRAND_CSS_VERSION}:${colour}`).digest('hex').slice(0, 8)}`
        : null,
      logo: shopLogo(shop.logoImage),
      // A path typed before uploads (shown while no logo is uploaded).
      logoPath:
        !shop.logoImage && shop.logoPath && shop.logoPath.startsWith('/') && !shop.logoPath.startsWith('//')
          ? shop.logoPath
          : null,
      cartCount,
      canCheckout: shop.canCheckout,
      /** Its legal pages that have a body, in footer order (views/partials/storefront/footer-links.hbs). */
      pages: SHOP_PAGE_KINDS.filter((kind) => shop.publishedPages.includes(kind)).map((kind) => ({
        kind,
        href: shopPagePath(kind),
        titleKey: shopPageTitleKey(kind),
      })),
      termsHref: shop.publishedPages.includes('terms') ? shopPagePath('terms') : null,
      collections: collections.map((c) => ({ title: c.title, href: `/collections/${c.handle}` })),
    },
  };
}
