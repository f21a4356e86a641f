import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CartCookieCodec, type CartLine } from './cart-cookie.js';

const CART_COOKIE = 'cart';
const CART_ID_COOKIE = 'cart_id';
const CART_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const CART_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The shopper's cart cookies on a shop host: the signed cart itself, and a random cart id that
 * checkout uses to find the cart's open session and to rate-limit one shopper. Both host-only
 * (no Domain): the cookies of one shop host are never sent to another.
 */
export class CartCookieStore {
  private readonly codec: CartCookieCodec;

  constructor(private readonly config: Pick<AppConfig, 'sessionSecret' | 'secureCookies'>) {
    this.codec = new CartCookieCodec(config.sessionSecret);
  }

  read(shop: ShopContext, req: Request): CartLine[] {
    return this.codec.decode(shop.id, this.cookies(req)[CART_COOKIE]);
  }

  /** Writes the cart (and gives the shopper a cart id on their first cart). */
  write(shop: ShopContext, req: Request, res: Response, lines: CartLine[]): void {
    this.ensureCartId(req, res);
    res.cookie(CART_COOKIE, this.codec.encode(shop.id, lines), this.options());
  }

  clear(res: Response): void {
    res.clearCookie(CART_COOKIE, { ...this.options(), maxAge: undefined });
  }

  /** The cart id of this shopper, minted (and set on the response) when there is none. */
  ensureCartId(req: Request, res: Response): string {
    const existing = this.cartId(req);
    if (existing) return existing;
    const id = randomBytes(16).toString('base64url');
    res.cookie(CART_ID_COOKIE, id, this.options());
    return id;
  }

  cartId(req: Request): string | undefined {
    const value = this.cookies(req)[CART_ID_COOKIE];
    return typeof value === 'string' && CART_ID_PATTERN.test(value) ? value : undefined;
  }

  private cookies(req: Request): Record<string, unknown> {
    return (req.cookies as Record<string, unknown> | undefined) ?? {};
  }

  private options() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookies,
      path: '/',
      maxAge: CART_MAX_AGE_MS,
    };
  }
}
