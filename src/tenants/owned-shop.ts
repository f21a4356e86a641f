import type { SessionPrincipal } from '../auth/session-principal.js';
import type { ShopContextSource } from './shop-context.js';

/** What the dashboard needs of the session user's shop: its context, and why it is suspended. */
export type OwnedShop = ShopContextSource & { suspendedReason: string | null };

export function ownedShopOf(row: SessionPrincipal): OwnedShop {
  return {
    id: row.shop_id!,
    ownerUserId: row.id,
    slug: row.slug,
    name: row.name,
    currency: row.currency,
    country: row.country,
    timeZone: row.time_zone!,
    languages: row.shop_languages,
    brandColour: row.brand_colour,
    logoPath: row.logo_path,
    logoImage: row.logo_image,
    bannerImage: row.banner_image,
    description: row.description,
    suspendedAt: row.suspended_at,
    suspendedReason: row.suspended_reason,
    stripeAccountId: row.stripe_account_id,
    stripeChargesEnabled: row.stripe_charges_enabled,
    stripeDisconnectedAt: row.stripe_disconnected_at,
  };
}
