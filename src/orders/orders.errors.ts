import { DomainError, message, type Message } from '../common/domain-error.js';

export class OrderNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'order_not_found';
  constructor() {
    super(message('errors.orders.orderNotFound'));
  }
}

export class RefundNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'refund_not_found';
  constructor() {
    super(message('errors.orders.refundNotFound'));
  }
}

/** A refund the order cannot take: not paid, nothing left, more than what remains, a bad amount. */
export class RefundRefused extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'refund_refused';
}

/** Stripe said no (a 4xx): shown in our words, chosen by Stripe's error code (stripe-errors.ts). */
export class RefundRejectedByStripe extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'refund_rejected';
}

/** The shop's Stripe account is disconnected: no refund can be made until it is reconnected. */
export class RefundNeedsConnectedAccount extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'stripe_account_disconnected';
  constructor() {
    super(REFUND_DISCONNECTED_MESSAGE);
  }
}

export const REFUND_DISCONNECTED_MESSAGE: Message = message('errors.orders.refundDisconnected');

export class InvalidFulfilmentMove extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'invalid_fulfilment_move';
}

/** Fulfilment asked for an order that has not been paid (or was refunded in full). */
export class OrderNotFulfillable extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'order_not_fulfillable';
  constructor() {
    super(message('errors.orders.notFulfillable'));
  }
}

/** Stripe could not be reached for the balance or payouts. */
export class StripeUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'stripe_unavailable';
  constructor() {
    super(message('errors.orders.stripeUnavailable'));
  }
}
