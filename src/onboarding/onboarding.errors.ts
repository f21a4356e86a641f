import { DomainError } from '../common/domain-error.js';

/** A link or dashboard was asked for before "Set up payments" made the account. */
export class PaymentsNotStarted extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'payments_not_started';
  constructor() {
    super('Payments are not set up for this shop yet. Use "Set up payments" first.');
  }
}

/** Stripe did not answer (or refused for a reason the merchant cannot fix): try again later. */
export class StripeUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'stripe_unavailable';
  constructor() {
    super('Stripe could not be reached. Please try again in a moment.');
  }
}
