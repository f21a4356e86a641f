/**
 * Every idempotency key the app sends to Stripe, derived from our own ids so that a retry, a
 * double click or a second process asks for the same thing with the same key (Stripe keeps keys
 * for 24 h and replays the first answer).
 *
 * The strings of existing purposes never change (idempotency-keys.spec.ts pins them): a refund or
 * a Checkout Session retried across a deploy must replay, not be made twice. Their formats differ
 * for history's sake; a NEW purpose uses `comptoir:<object>:<id>:<purpose>` (see `newKey`).
 */

/**
 * The shop's connected account. `generation` is bumped when a disconnected shop connects
 * again: the new account must not be the old one replayed.
 */
export const connectedAccountKey = (shopId: string, generation: number) =>
  `comptoir:shop:${shopId}:account:${generation}`;

/** The order's Checkout Session (one per order; a retry replays it). Legacy format, kept. */
export const checkoutSessionKey = (orderId: string) => `comptoir-checkout-session-${orderId}`;

/** A refund we asked for, by our refund row's id (stored on the row too). Legacy format, kept. */
export const refundKey = (refundId: string) => `refund:${refundId}`;

/**
 * The catalog sync's calls for one version of a product: `what` is `product`, `product-update`
 * or `price-<amount>`; a new version (an edit) asks again.
 */
export const productSyncKey = (productId: string, syncVersion: number, what: string) =>
  `comptoir:product:${productId}:v${syncVersion}:${what}`;

/** Deactivating the product's previous price `priceId` once the new one exists. */
export const priceOffKey = (productId: string, syncVersion: number, priceId: string) =>
  `${productSyncKey(productId, syncVersion, 'price-off')}:${priceId}`;

/** The scheme for any new purpose: `comptoir:<object>:<id>:<purpose>`. */
export const newKey = (object: string, id: string, purpose: string) => `comptoir:${object}:${id}:${purpose}`;
