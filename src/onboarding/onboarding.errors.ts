import { DomainError, message, type Message } from '../common/domain-error.js';

/** A link or dashboard was asked for before "Set up payments" made the account. */
export class PaymentsNotStarted extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'payments_not_started';
  constructor() {
    super(message('errors.onboarding.paymentsNotStarted'));
  }
}

/**
 * Stripe did not answer, or refused for a reason the merchant cannot fix: try again later. The
 * text, when given, is Stripe's refusal in our words (stripe-errors.ts), never Stripe's own.
 */
export class StripeUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'stripe_unavailable';
  constructor(text: Message = message('errors.onboarding.stripeUnavailable')) {
    super(text);
  }
}
