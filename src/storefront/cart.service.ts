import { Injectable } from '@nestjs/common';
import { message, ValidationFailed } from '../common/domain-error.js';
import { StorefrontCatalogService, type ShopProductCard } from '../catalog/storefront-catalog.service.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductNotFound } from '../catalog/catalog.errors.js';
import { CART_MAX_LINES, CART_MAX_QUANTITY, type CartLine } from './cart-cookie.js';

export interface CartView {
  lines: Array<{ product: ShopProductCard; quantity: number; lineTotal: number }>;
  count: number;
  total: number;
  currency: string;
}

/**
 * Cart rules, on lines the controller read from the shop's cookie. A product enters the cart
 * only if it is a published product of THIS shop (anything else is ProductNotFound: the id of
 * another shop's product is refused); quantities are 1–99 and within stock; lines whose product
 * went away are dropped when the cart is read.
 */
@Injectable()
export class CartService {
  constructor(private readonly catalog: StorefrontCatalogService) {}

  async add(shop: ShopContext, lines: CartLine[], productId: string, quantity: number): Promise<CartLine[]> {
    const product = (await this.catalog.cardsByIds(shop, [productId])).get(productId);
    if (!product) throw new ProductNotFound();
    const existing = lines.find((l) => l.productId === productId);
    const wanted = (existing?.quantity ?? 0) + checkQuantity(quantity);
    checkStock(product, wanted);
    if (existing) return lines.map((l) => (l === existing ? { ...l, quantity: wanted } : l));
    if (lines.length >= CART_MAX_LINES) {
      throw new ValidationFailed({ cart: message('validation.cart.tooManyLines', { max: CART_MAX_LINES }) });
    }
    return [...lines, { productId, quantity: wanted }];
  }

  async setQuantity(
    shop: ShopContext,
    lines: CartLine[],
    productId: string,
    quantity: number,
  ): Promise<CartLine[]> {
    if (quantity === 0) return this.remove(lines, productId);
    if (!lines.some((l) => l.productId === productId)) throw new ProductNotFound();
    const product = (await this.catalog.cardsByIds(shop, [productId])).get(productId);
    if (!product) throw new ProductNotFound();
    const q = checkQuantity(quantity);
    checkStock(product, q);
    return lines.map((l) => (l.productId === productId ? { ...l, quantity: q } : l));
  }

  remove(lines: CartLine[], productId: string): CartLine[] {
    return lines.filter((l) => l.productId !== productId);
  }

  /** The cart with today's prices; one query whatever its size. */
  async view(shop: ShopContext, lines: CartLine[]): Promise<CartView> {
    const products = await this.catalog.cardsByIds(
      shop,
      lines.map((l) => l.productId),
    );
    const viewLines = lines.flatMap((l) => {
      const product = products.get(l.productId);
      return product ? [{ product, quantity: l.quantity, lineTotal: product.priceAmount * l.quantity }] : [];
    });
    return {
      lines: viewLines,
      count: viewLines.reduce((n, l) => n + l.quantity, 0),
      total: viewLines.reduce((n, l) => n + l.lineTotal, 0),
      currency: shop.currency,
    };
  }
}

function checkQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > CART_MAX_QUANTITY) {
    throw new ValidationFailed({ quantity: message('validation.cart.quantity', { max: CART_MAX_QUANTITY }) });
  }
  return quantity;
}

function checkStock(product: ShopProductCard, quantity: number): void {
  if (product.stock !== null && quantity > product.stock) {
    throw new ValidationFailed({
      quantity:
        product.stock === 0
          ? message('validation.cart.soldOut')
          : message('validation.cart.fewLeft', { count: product.stock }),
    });
  }
}
