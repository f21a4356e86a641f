import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret of an order's private status link (`/orders/<id>?t=<token>`). Derived from the
 * order id with the app's secret, so any process can put it in a mail later; only its SHA-256 is
 * stored (`status_token_hash`), and a link is checked against that hash.
 */
export function orderStatusToken(secret: string, orderId: string): string {
  return createHmac('sha256', secret).update(`comptoir order status v1:${orderId}`).digest('base64url');
}

export function hashStatusToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function statusTokenMatches(token: unknown, storedHash: string | null): boolean {
  if (typeof token !== 'string' || !storedHash || token.length > 100) return false;
  const given = Buffer.from(hashStatusToken(token));
  const expected = Buffer.from(storedHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
