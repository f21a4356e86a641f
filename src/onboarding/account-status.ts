import type Stripe from 'stripe';
import { t } from '../common/i18n.js';
import type { ConnectAccountKind } from '../config/app-config.js';
import type { Shop, StripeRequirementsSnapshot } from '../tenants/entities/shop.entity.js';

/** What the dashboard's status card says, in the order a merchant meets them. */
export type PaymentsState = 'not_started' | 'in_progress' | 'action_required' | 'active' | 'disconnected';

/** The connected account's fields the shop keeps (the columns `stripe_*` of `shop`). */
export interface AccountSnapshot {
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirements: StripeRequirementsSnapshot;
}

export interface PaymentsStatus {
  state: PaymentsState;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** Requirements due now or past due, deduplicated, past due first. */
  due: string[];
  pastDue: string[];
  disabledReason: string | null;
  deadline: Date | null;
}

export function snapshotOf(account: Stripe.Account): AccountSnapshot {
  const r = account.requirements;
  return {
    detailsSubmitted: account.details_submitted ?? false,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    requirements: {
      currently_due: [...(r?.currently_due ?? [])],
      past_due: [...(r?.past_due ?? [])],
      eventually_due: [...(r?.eventually_due ?? [])],
      disabled_reason: r?.disabled_reason ?? null,
      current_deadline: r?.current_deadline ?? null,
    },
  };
}

type ShopStripeFields = Pick<
  Shop,
  | 'stripeAccountId'
  | 'stripeDisconnectedAt'
  | 'stripeDetailsSubmitted'
  | 'stripeChargesEnabled'
  | 'stripePayoutsEnabled'
  | 'stripeRequirements'
>;

/**
 * The truth as last synced, told the merchant's way. Landing on return_url never counts:
 * only `details_submitted`, `charges_enabled` and the requirements do.
 */
export function paymentsStatus(shop: ShopStripeFields): PaymentsStatus {
  const r = shop.stripeRequirements;
  const pastDue = [...(r?.past_due ?? [])];
  const due = [...new Set([...pastDue, ...(r?.currently_due ?? [])])];
  const base = {
    detailsSubmitted: shop.stripeDetailsSubmitted,
    chargesEnabled: shop.stripeChargesEnabled,
    payoutsEnabled: shop.stripePayoutsEnabled,
    due,
    pastDue,
    disabledReason: r?.disabled_reason ?? null,
    deadline: r?.current_deadline ? new Date(r.current_deadline * 1000) : null,
  };
  let state: PaymentsState;
  if (!shop.stripeAccountId) state = 'not_started';
  else if (shop.stripeDisconnectedAt) state = 'disconnected';
  else if (!shop.stripeDetailsSubmitted) state = 'in_progress';
  else if (due.length > 0) state = 'action_required';
  else if (shop.stripeChargesEnabled) state = 'active';
  // Submitted, nothing asked of the merchant, charges still off: Stripe is reviewing.
  else
    state =
      r?.disabled_reason && !r.disabled_reason.startsWith('under_review') ? 'action_required' : 'in_progress';
  return { state, ...base };
}

/**
 * Requirements that are new in `next` compared with `previous` (due or past due), for the
 * "Stripe needs something from you" mail: a repeat of the same list is not news.
 */
export function newlyDue(
  previous: StripeRequirementsSnapshot | null,
  next: StripeRequirementsSnapshot,
): string[] {
  const before = new Set([...(previous?.currently_due ?? []), ...(previous?.past_due ?? [])]);
  const beforePast = new Set(previous?.past_due ?? []);
  const out: string[] = [];
  for (const item of new Set([...next.past_due, ...next.currently_due])) {
    // Something already due that became past due is news too: the deadline went by.
    if (!before.has(item) || (next.past_due.includes(item) && !beforePast.has(item))) out.push(item);
  }
  return out;
}

/** The account-creation parameters that differ by CONNECT_ACCOUNT_KIND. */
export function accountKindParams(kind: ConnectAccountKind): Stripe.AccountCreateParams {
  if (kind === 'standard') return { type: 'standard' };
  if (kind === 'express') return { type: 'express' };
  // Stripe's recommendation for direct charges: Stripe collects the requirements (hosted
  // onboarding), the merchant gets the full Stripe dashboard, pays Stripe's fees itself and
  // Stripe (not the platform) is liable for negative balances.
  return {
    controller: {
      stripe_dashboard: { type: 'full' },
      fees: { payer: 'account' },
      losses: { payments: 'stripe' },
      requirement_collection: 'stripe',
    },
  };
}

/** Express accounts get single-use login links; every other kind uses Stripe's own dashboard. */
export function supportsLoginLink(kind: ConnectAccountKind): boolean {
  return kind === 'express';
}

/** Catalog keys (`onboarding.requirement.*`) for Stripe's requirement names (a short list; the raw name otherwise). */
const LABELS: Record<string, string> = {
  'business_profile.name': 'business_name',
  'business_profile.url': 'business_url',
  'business_profile.mcc': 'business_mcc',
  business_type: 'business_type',
  external_account: 'external_account',
  'tos_acceptance.date': 'tos',
  'tos_acceptance.ip': 'tos',
  'individual.verification.document': 'identity_document',
  'company.tax_id': 'company_tax_id',
};

/** Labels for requirement names in `lang`, without repeats (two ToS fields are one thing to do). */
export function requirementLabels(lang: string, items: string[]): string[] {
  return [...new Set(items.map((i) => (LABELS[i] ? t(lang, `onboarding.requirement.${LABELS[i]}`) : i)))];
}
