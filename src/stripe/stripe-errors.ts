import Stripe from 'stripe';

/** What the merchant was doing when Stripe said no: it finishes our sentences. */
export type StripeAction = 'refund' | 'sync this product' | 'open the payment page';

export interface StripeErrorView {
  /** Stripe's `code` (or its error type when it gave none): stable, safe to store and show. */
  code: string;
  /** Our words for it, fit for a page. Stripe's own `message` is for the log only. */
  message: string;
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

const MESSAGES: Record<string, (action: StripeAction) => string> = {
  charge_already_refunded: () => 'This payment is already fully refunded on Stripe.',
  amount_too_large: () => 'The amount is more than what is left to refund on this payment.',
  charge_disputed: () => 'This payment was disputed and charged back: it cannot be refunded.',
  charge_not_refundable: () => 'This payment cannot be refunded: it did not go through.',
  balance_insufficient: () => 'Your Stripe balance is too low to make this refund now.',
  insufficient_funds: () => 'Your Stripe balance is too low to make this refund now.',
  resource_missing: (action) => `Stripe no longer has what is needed to ${action}.`,
  rate_limit: (action) => `Stripe is busy: please try again in a minute to ${action}.`,
  StripeRateLimitError: (action) => `Stripe is busy: please try again in a minute to ${action}.`,
};

/**
 * Stripe's refusal in our words, chosen by its `code` (then its type), never by its text: a
 * raw Stripe message ("The provided key does not have access to account…") names internals and
 * is not written for merchants. Unknown codes get a generic sentence with the code.
 */
export function describeStripeError(err: unknown, action: StripeAction): StripeErrorView {
  const code = stripeErrorCode(err);
  if (isAccountDisconnected(err)) {
    return {
      code: 'account_invalid',
      message: `Your Stripe account is disconnected: reconnect it to ${action}.`,
      disconnected: true,
    };
  }
  const known = MESSAGES[code];
  return {
    code,
    message: known
      ? known(action)
      : `Stripe could not ${action} (error code: ${code}). Please try again later.`,
    disconnected: false,
  };
}
