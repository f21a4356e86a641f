import { Injectable } from '@nestjs/common';
import { message, ValidationFailed } from '../common/domain-error.js';
import {
  StorefrontCatalogService,
  type ShopProductCard,
  type ShopVariant,
} from '../catalog/storefront-catalog.service.js';
import { variantDisplayName } from '../catalog/entities/product-variant.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { ProductNotFound } from '../catalog/catalog.errors.js';
import { CART_MAX_LINES, CART_MAX_QUANTITY, isLine, type CartLine } from './cart-cookie.js';

export interface CartView {
  lines: Array<{ product: ShopProductCard; variantId: string | null; quantity: number; lineTotal: number }>;
  count: number;
  total: number;
  currency: string;
}

/**
 * Cart rules, on lines the controller read from the shop's cookie. A product enters the cart
 * only if it is a published product of THIS shop (anything else is ProductNotFound: the id of
 * another shop's product is refused); a product with options only as one of its sellable
 * variants (named by `variantId`, which must be of that product and shop); quantities are 1–99
 * and within the variant's stock; lines whose product or variant went away are dropped when the
 * cart is read.
 */
@Injectable()
export class CartService {
  constructor(private readonly catalog: StorefrontCatalogService) {}

  async add(
    shop: ShopContext,
    lines: CartLine[],
    productId: string,
    quantity: number,
    variantId?: string,
  ): Promise<CartLine[]> {
    const item = await this.item(shop, productId, variantId);
    const existing = lines.find((l) => isLine(l, productId, variantId));
    const wanted = (existing?.quantity ?? 0) + checkQuantity(quantity);
    checkStock(item.stock, wanted);
    if (existing) return lines.map((l) => (l === existing ? { ...l, quantity: wanted } : l));
    if (lines.length >= CART_MAX_LINES) {
      throw new ValidationFailed({ cart: message('validation.cart.tooManyLines', { max: CART_MAX_LINES }) });
    }
    return [
      ...lines,
      variantId ? { productId, quantity: wanted, variantId } : { productId, quantity: wanted },
    ];
  }

  async setQuantity(
    shop: ShopContext,
    lines: CartLine[],
    productId: string,
    quantity: number,
    variantId?: string,
  ): Promise<CartLine[]> {
    if (quantity === 0) return this.remove(lines, productId, variantId);
    if (!lines.some((l) => isLine(l, productId, variantId))) throw new ProductNotFound();
    const item = await this.item(shop, productId, variantId);
    const q = checkQuantity(quantity);
    checkStock(item.stock, q);
    return lines.map((l) => (isLine(l, productId, variantId) ? { ...l, quantity: q } : l));
  }

  remove(lines: CartLine[], productId: string, variantId?: string): CartLine[] {
    return lines.filter((l) => !isLine(l, productId, variantId));
  }

  /** The cart with today's prices; two queries whatever its size. */
  async view(shop: ShopContext, lines: CartLine[]): Promise<CartView> {
    const [products, variants] = await Promise.all([
      this.catalog.cardsByIds(
        shop,
        lines.map((l) => l.productId),
      ),
      this.catalog.variantsByIds(
        shop,
        lines.flatMap((l) => (l.variantId ? [l.variantId] : [])),
      ),
    ]);
    const viewLines = lines.flatMap((l): CartView['lines'] => {
      const product = products.get(l.productId);
      if (!product) return [];
      if (!l.variantId) {
        return [
          { product, variantId: null, quantity: l.quantity, lineTotal: product.priceAmount * l.quantity },
        ];
      }
      const variant = variants.get(l.variantId);
      if (!variant || variant.productId !== product.id) return [];
      const card = asCard(product, variant);
      return [
        {
          product: card,
          variantId: variant.id,
          quantity: l.quantity,
          lineTotal: card.priceAmount * l.quantity,
        },
      ];
    });
    return {
      lines: viewLines,
      count: viewLines.reduce((n, l) => n + l.quantity, 0),
      total: viewLines.reduce((n, l) => n + l.lineTotal, 0),
      currency: shop.currency,
    };
  }

  /** The product, or the chosen variant of it, as it may be sold now. */
  private async item(shop: ShopContext, productId: string, variantId?: string): Promise<ShopProductCard> {
    const product = (await this.catalog.cardsByIds(shop, [productId])).get(productId);
    if (!product) throw new ProductNotFound();
    if (!variantId) {
      if (await this.catalog.hasOptions(shop, productId)) {
        throw new ValidationFailed({ variant: message('variants.errors.chooseOptions') });
      }
      return product;
    }
    const variant = (await this.catalog.variantsByIds(shop, [variantId])).get(variantId);
    if (!variant || variant.productId !== productId) throw new ProductNotFound();
    return asCard(product, variant);
  }
}

/** A variant as the cart shows it: its name, price, stock and (own or main) image. */
function asCard(product: ShopProductCard, variant: ShopVariant): ShopProductCard {
  return {
    ...product,
    name: variantDisplayName(product.name, variant.optionValues),
    priceAmount: variant.priceAmount,
    stock: variant.stock,
    image: variant.image ?? product.image,
  };
}

function checkQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > CART_MAX_QUANTITY) {
    throw new ValidationFailed({ quantity: message('validation.cart.quantity', { max: CART_MAX_QUANTITY }) });
  }
  return quantity;
}

function checkStock(stock: number | null, quantity: number): void {
  if (stock !== null && quantity > stock) {
    throw new ValidationFailed({
      quantity:
        stock === 0
          ? message('validation.cart.soldOut')
          : message('validation.cart.fewLeft', { count: stock }),
    });
  }
}
