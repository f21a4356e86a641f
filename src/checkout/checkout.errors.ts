import { DomainError } from '../common/domain-error.js';

/** The shop cannot take payments now: suspended, not connected to Stripe, or charges not enabled. */
export class CheckoutUnavailable extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    readonly code:
      'shop_suspended' | 'payments_not_connected' | 'charges_not_enabled' | 'shipping_countries_invalid',
    message: string,
  ) {
    super(message);
  }

  static suspended() {
    return new CheckoutUnavailable(
      'shop_suspended',
      'This shop is unavailable at the moment and takes no orders.',
    );
  }

  static notConnected() {
    return new CheckoutUnavailable(
      'payments_not_connected',
      'This shop is not taking orders online at the moment: it has no payment account connected. Your cart is kept.',
    );
  }

  /** The shop ships goods, but only to codes Stripe refuses (saved before settings checked them). */
  static shippingCountriesInvalid() {
    return new CheckoutUnavailable(
      'shipping_countries_invalid',
      'This shop cannot take orders online at the moment: the countries it ships to need updating by the shop. Your cart is kept.',
    );
  }

  static chargesNotEnabled() {
    return new CheckoutUnavailable(
      'charges_not_enabled',
      'This shop cannot accept payments yet: its payment account is still being set up. Your cart is kept; please try again later.',
    );
  }
}

export class CartEmpty extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'cart_empty';
  constructor() {
    super('Your cart is empty: add a product before checking out.');
  }
}

/** A product of the cart was unpublished, archived or deleted since it was added. */
export class ProductUnavailable extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'product_unavailable';
  constructor(name?: string) {
    super(
      `${name ? `“${name}”` : 'A product in your cart'} is no longer available. Remove it from your cart to check out.`,
    );
  }
}

export class OutOfStock extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'out_of_stock';
  constructor(name: string, left: number | null) {
    super(
      left && left > 0
        ? `Only ${left} of “${name}” left in stock. Change the quantity in your cart to check out.`
        : `“${name}” is sold out. Remove it from your cart to check out.`,
    );
  }
}

/** The product's price is not (yet) on the shop's Stripe account with its current amount. */
export class PriceNotReady extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'price_not_ready';
  constructor(name: string) {
    super(
      `“${name}” cannot be bought at this very moment (its price is being updated). Please try again in a minute.`,
    );
  }
}

export class CheckoutRateLimited extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'checkout_rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many checkouts were started from here. Please wait ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minute(s) and try again.`,
    );
  }
}

/** Stripe could not be reached or refused the session: nothing was charged. */
export class PaymentProviderUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'payment_provider_unavailable';
  constructor() {
    super('We could not open the payment page. Nothing was charged; your cart is kept. Please try again.');
  }
}
