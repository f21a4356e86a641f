import type { Shop, ShopImage } from './entities/shop.entity.js';
import { offeredLanguages } from './shop-languages.js';

/**
 * The tenant a request or job works for: resolved once (from the Host on shop hosts, from the
 * session user on the dashboard, from `event.account` in webhook jobs) and passed explicitly as
 * the first argument of every tenant-scoped service method. Immutable.
 */
export interface ShopContext {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly ownerUserId: string;
  readonly currency: string;
  readonly country: string;
  /** IANA zone its dates are shown in, to its merchant and its shoppers. */
  readonly timeZone: string;
  /** The storefront's languages, the shop's own first (only catalog languages, never empty). */
  readonly languages: readonly string[];
  readonly brandColour: string | null;
  readonly logoPath: string | null;
  /** The uploaded logo (shown instead of `logoPath`). */
  readonly logoImage: ShopImage | null;
  /** The storefront home's banner, optional. */
  readonly bannerImage: ShopImage | null;
  /** The merchant's words about the shop, on the storefront home. */
  readonly description: string;
  readonly suspended: boolean;
  readonly stripeAccountId: string | null;
  /** The shop can take payments: connected, not disconnected, charges enabled, not suspended. */
  readonly canCheckout: boolean;
  /** Kinds of its legal pages that have a body (storefront links them); empty when not loaded. */
  readonly publishedPages: readonly string[];
}

/** The columns a ShopContext is made from (a Shop, or a leaner row with just these). */
export type ShopContextSource = Pick<
  Shop,
  | 'id'
  | 'slug'
  | 'name'
  | 'ownerUserId'
  | 'currency'
  | 'country'
  | 'timeZone'
  | 'languages'
  | 'brandColour'
  | 'logoPath'
  | 'logoImage'
  | 'bannerImage'
  | 'description'
  | 'suspendedAt'
  | 'stripeAccountId'
  | 'stripeDisconnectedAt'
  | 'stripeChargesEnabled'
>;

export function toShopContext(shop: ShopContextSource & { publishedPages?: readonly string[] }): ShopContext {
  return Object.freeze({
    id: shop.id,
    slug: shop.slug,
    name: shop.name,
    ownerUserId: shop.ownerUserId,
    currency: shop.currency,
    country: shop.country,
    timeZone: shop.timeZone,
    languages: Object.freeze(offeredLanguages(shop.languages)),
    brandColour: shop.brandColour,
    logoPath: shop.logoPath,
    logoImage: shop.logoImage,
    bannerImage: shop.bannerImage,
    description: shop.description,
    suspended: shop.suspendedAt !== null,
    stripeAccountId: shop.stripeAccountId,
    canCheckout:
      shop.suspendedAt === null &&
      shop.stripeAccountId !== null &&
      shop.stripeDisconnectedAt === null &&
      shop.stripeChargesEnabled,
    publishedPages: Object.freeze([...(shop.publishedPages ?? [])]),
  });
}
