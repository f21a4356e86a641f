import type { Shop } from './entities/shop.entity.js';

/**
 * Where a shop stands with Stripe, for the admin's list and filters:
 * - not_connected: no connected account yet;
 * - onboarding: an account that cannot take charges yet;
 * - active: an account with charges enabled;
 * - disconnected: the merchant deauthorized the platform (the account id is kept).
 */
export const STRIPE_STATUSES = ['not_connected', 'onboarding', 'active', 'disconnected'] as const;
export type StripeStatus = (typeof STRIPE_STATUSES)[number];

export function stripeStatusOf(
  shop: Pick<Shop, 'stripeAccountId' | 'stripeDisconnectedAt' | 'stripeChargesEnabled'>,
): StripeStatus {
  if (!shop.stripeAccountId) return 'not_connected';
  if (shop.stripeDisconnectedAt) return 'disconnected';
  return shop.stripeChargesEnabled ? 'active' : 'onboarding';
}

/** The same classification as SQL, for filtering (`alias` is the shop table's alias). */
export function stripeStatusSql(alias: string, status: StripeStatus): string {
  const a = alias;
  switch (status) {
    case 'not_connected':
      return `${a}.stripe_account_id IS NULL`;
    case 'disconnected':
      return `(${a}.stripe_account_id IS NOT NULL AND ${a}.stripe_disconnected_at IS NOT NULL)`;
    case 'active':
      return `(${a}.stripe_account_id IS NOT NULL AND ${a}.stripe_disconnected_at IS NULL AND ${a}.stripe_charges_enabled)`;
    case 'onboarding':
      return `(${a}.stripe_account_id IS NOT NULL AND ${a}.stripe_disconnected_at IS NULL AND NOT ${a}.stripe_charges_enabled)`;
  }
}
