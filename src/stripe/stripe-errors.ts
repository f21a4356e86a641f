import Stripe from 'stripe';
import { message, type Message } from '../common/domain-error.js';

/**
 * What the merchant or shopper was doing when Stripe said no: it finishes our sentences, by
 * catalog key (`stripeErrors.action.<action>`: "to refund", "pour rembourser").
 */
export type StripeAction = 'refund' | 'syncProduct' | 'checkout' | 'onboarding';

export interface StripeErrorView {
  /** Stripe's `code` (or its error type when it gave none): stable, safe to store and show. */
  code: string;
  /** Our words for it, by key, translated where it is shown. Stripe's own `message` is for the log only. */
  message: Message;
  /** The shop's connected account is gone (revoked or deleted): reconnecting is the only way on. */
  disconnected: boolean;
}

/** Stripe's `code` of an error the SDK raised, or its type (`StripeRateLimitError`…) without one. */
export function stripeErrorCode(err: unknown): string {
  if (err instanceof Stripe.errors.StripeError) return err.code ?? err.type;
  const e = err as { code?: unknown; type?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.type === 'string' ? e.type : 'unknown';
}

/** The account is no longer ours to act on (deauthorized, deleted, or never granted). */
export function isAccountDisconnected(err: unknown): boolean {
  return (
    stripeErrorCode(err) === 'account_invalid' ||
    (err instanceof Stripe.errors.StripePermissionError && err.statusCode === 403)
  );
}

/**
 * Stripe's codes (then types) → our sentence's key under `stripeErrors.` (locales/*.json). A
 * sentence that names what the person was doing takes the action as `{{action}}`.
 */
export const STRIPE_ERROR_KEYS: Readonly<Record<string, string>> = {
  charge_already_refunded: 'chargeAlreadyRefunded',
  amount_too_large: 'amountTooLarge',
  charge_disputed: 'chargeDisputed',
  charge_not_refundable: 'chargeNotRefundable',
  balance_insufficient: 'balanceInsufficient',
  insufficient_funds: 'balanceInsufficient',
  resource_missing: 'resourceMissing',
  rate_limit: 'busy',
  lock_timeout: 'busy',
  StripeRateLimitError: 'busy',
  StripeConnectionError: 'unreachable',
  StripeAPIError: 'unreachable',
  api_error: 'unreachable',
  idempotency_key_in_use: 'busy',
  StripeIdempotencyError: 'busy',
  country_unsupported: 'countryUnsupported',
  email_invalid: 'emailInvalid',
  url_invalid: 'urlInvalid',
  platform_api_key_expired: 'platformNotConfigured',
  secret_key_required: 'platformNotConfigured',
  StripeAuthenticationError: 'platformNotConfigured',
};

/**
 * Stripe's refusal in our words, chosen by its `code` (then its type), never by its text: a
 * raw Stripe message ("The provided key does not have access to account…") names internals and
 * is not written for merchants. Unknown codes get a generic sentence with the code.
 */
export function describeStripeError(err: unknown, action: StripeAction): StripeErrorView {
  const code = stripeErrorCode(err);
  const doing = message(`stripeErrors.action.${action}`);
  if (isAccountDisconnected(err)) {
    return {
      code: 'account_invalid',
      message: message('stripeErrors.disconnected', { action: doing }),
      disconnected: true,
    };
  }
  const key = STRIPE_ERROR_KEYS[code] ?? 'unknown';
  return { code, message: message(`stripeErrors.${key}`, { action: doing, code }), disconnected: false };
}
