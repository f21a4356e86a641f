import { DomainError, message, minutesToWait } from '../common/domain-error.js';

/** The shop cannot take payments now: suspended, not connected to Stripe, or charges not enabled. */
export class CheckoutUnavailable extends DomainError {
  readonly kind = 'unavailable';
  private constructor(
    readonly code: 'shop_suspended' | 'payments_not_connected' | 'charges_not_enabled' | 'no_shipping_zone',
    key: string,
  ) {
    super(message(key));
  }

  static suspended() {
    return new CheckoutUnavailable('shop_suspended', 'errors.checkout.shopSuspended');
  }

  static notConnected() {
    return new CheckoutUnavailable('payments_not_connected', 'errors.checkout.notConnected');
  }

  /** The shop ships physical goods, but has no shipping zone: nowhere to deliver to. */
  static noShippingZone() {
    return new CheckoutUnavailable('no_shipping_zone', 'errors.checkout.noShippingZone');
  }

  static chargesNotEnabled() {
    return new CheckoutUnavailable('charges_not_enabled', 'errors.checkout.chargesNotEnabled');
  }
}

export class CartEmpty extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'cart_empty';
  constructor() {
    super(message('errors.checkout.cartEmpty'));
  }
}

/** A product of the cart was unpublished, archived or deleted since it was added. */
export class ProductUnavailable extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'product_unavailable';
  constructor(name?: string) {
    super(
      name
        ? message('errors.checkout.productUnavailable', { name })
        : message('errors.checkout.someProductUnavailable'),
    );
  }
}

export class OutOfStock extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'out_of_stock';
  constructor(name: string, left: number | null) {
    super(
      left && left > 0
        ? message('errors.checkout.fewLeft', { name, count: left })
        : message('errors.checkout.soldOut', { name }),
    );
  }
}

/** The product's price is not (yet) on the shop's Stripe account with its current amount. */
export class PriceNotReady extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'price_not_ready';
  constructor(name: string) {
    super(message('errors.checkout.priceNotReady', { name }));
  }
}

export class CheckoutRateLimited extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'checkout_rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(message('errors.checkout.rateLimited', { count: minutesToWait(retryAfterSeconds) }));
  }
}

/** Stripe could not be reached or refused the session: nothing was charged. */
export class PaymentProviderUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'payment_provider_unavailable';
  constructor() {
    super(message('errors.checkout.paymentProviderUnavailable'));
  }
}
