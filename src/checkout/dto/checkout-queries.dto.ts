import { QueryPattern } from '../../web/query-params.js';

export class CheckoutSuccessQuery {
  /** Stripe's `{CHECKOUT_SESSION_ID}`. */
  @QueryPattern(/^cs_[A-Za-z0-9_]{1,200}$/) session_id?: string;
}

export class OrderStatusQuery {
  /** The status link's token (order-token.ts: base64url of an HMAC). */
  @QueryPattern(/^[A-Za-z0-9_-]{20,100}$/) t?: string;
}
