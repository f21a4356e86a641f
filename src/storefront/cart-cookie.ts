import { createHmac, timingSafeEqual } from 'node:crypto';

/** A cart line: product id and quantity. Prices are never in the cookie: they are read fresh. */
export interface CartLine {
  productId: string;
  quantity: number;
  /** The chosen variant of a product with options; absent for a product without (its default one). */
  variantId?: string;
}

/** Whether a line is the one for this product and variant (absent = the default variant). */
export function isLine(line: CartLine, productId: string, variantId: string | undefined): boolean {
  return line.productId === productId && (line.variantId ?? '') === (variantId ?? '');
}

export const CART_MAX_LINES = 50;
export const CART_MAX_QUANTITY = 99;

/**
 * The shopper's cart as a signed cookie value: `base64url(json).hmac`, the JSON binding the cart
 * to one shop id. A value signed for another shop, tampered with, or malformed reads as empty,
 * so carts never mix shops even if a cookie were carried across hosts.
 */
export class CartCookieCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('comptoir cart v1').digest();
  }

  encode(shopId: string, lines: CartLine[]): string {
    const payload = Buffer.from(
      JSON.stringify({
        s: shopId,
        l: lines.map((l) =>
          l.variantId ? [l.productId, l.quantity, l.variantId] : [l.productId, l.quantity],
        ),
      }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  decode(shopId: string, value: unknown): CartLine[] {
    if (typeof value !== 'string' || value.length > 8192) return [];
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return [];
    const payload = value.slice(0, dot);
    const mac = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.sign(payload));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return [];
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        s?: unknown;
        l?: unknown;
      };
      if (data.s !== shopId || !Array.isArray(data.l)) return [];
      const lines: CartLine[] = [];
      for (const entry of data.l.slice(0, CART_MAX_LINES)) {
        if (!Array.isArray(entry)) continue;
        const [productId, quantity, variantId] = entry as unknown[];
        if (typeof productId !== 'string' || !Number.isSafeInteger(quantity)) continue;
        if (variantId !== undefined && typeof variantId !== 'string') continue;
        const q = quantity as number;
        if (q >= 1 && q <= CART_MAX_QUANTITY) {
          lines.push(variantId ? { productId, quantity: q, variantId } : { productId, quantity: q });
        }
      }
      return lines;
    } catch {
      return [];
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
