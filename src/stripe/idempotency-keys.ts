/**
 * Idempotency keys the app sends to Stripe, derived from our own ids so that a retry, a double
 * click or a second process asks for the same thing with the same key (Stripe keeps keys for
 * 24 h and replays the first answer).
 */

/**
 * The shop's connected account. `generation` is bumped when a disconnected shop connects
 * again: the new account must not be the old one replayed.
 */
export const connectedAccountKey = (shopId: string, generation: number) =>
  `comptoir:shop:${shopId}:account:${generation}`;
