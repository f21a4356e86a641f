import { QueryPattern } from '../../web/query-params.js';

export class CheckoutSuccessQuery {
  /** Stripe's `{CHECKOUT_SESSION_ID}`. */
  @QueryPattern(/^cs_[A-Za-z0-9_]{1,200}$/) session_id?: string;
}

export class OrderStatusQuery {
  /**
   * The status link's token (order-token.ts: base64url of an HMAC). Any token of that alphabet
   * is a lookup that may not match (404, like an unknown order); markup or a megabyte is a 400.
   */
  @QueryPattern(/^[A-Za-z0-9_-]{1,100}$/) t?: string;
}
