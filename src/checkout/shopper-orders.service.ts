import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrderItem } from '../orders/entities/order-item.entity.js';
import { Order } from '../orders/entities/order.entity.js';
import { OrderStatus } from '../orders/order-status.js';
import type { CartLine } from '../storefront/cart-cookie.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { OrderNotFound } from '../orders/orders.errors.js';
import { statusTokenMatches } from '../orders/order-token.js';
import { shopperStatusCopy, type ShopperStatusCopy } from './shopper-order-copy.js';
import { findInShop } from '../database/find-in-shop.js';
import { addressLines } from '../orders/shipping-address.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../common/i18n.js';

export interface ShopperOrderView {
  id: string;
  number: number;
  status: OrderStatus;
  paid: boolean;
  processing: boolean;
  /** The shopper's language at checkout: the page, its JSON and the mails speak it. */
  language: string;
  /** Heading and message for the status, shared by the page and its JSON. */
  copy: ShopperStatusCopy;
  currency: string;
  total: number;
  /** The goods alone, and the shipping chosen on Checkout (null: none on this order). */
  goods: number;
  shipping: { amount: number; rateName: string | null } | null;
  /** Shipped, but the rate is not known yet (chosen on Checkout, learnt when it completes). */
  shippingPending: boolean;
  /** The delivery address, as label lines (country named in the order's language). */
  address: string[] | null;
  email: string | null;
  items: Array<{ name: string; quantity: number; unitAmount: number; lineTotal: number }>;
  /** For matching the shopper's cart cookie; not shown. */
  cart: { cartId: string | null; lines: CartLine[] };
}

/** The cart in the cookie is the one this order was made from (same cart id, same lines). */
export function isOrderOfCart(
  view: ShopperOrderView,
  cartId: string | undefined,
  lines: CartLine[],
): boolean {
  if (!cartId || view.cart.cartId !== cartId) return false;
  const key = (ls: CartLine[]) =>
    ls
      .map((l) => `${l.productId}:${l.quantity}`)
      .sort()
      .join(',');
  return key(lines) === key(view.cart.lines);
}

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/**
 * What a shopper may see of an order, read from OUR database only (never from Stripe, never
 * changing anything): by its Checkout Session id (the success page) or by its id and private
 * token (the status link of the receipt). Another shop's order is "not found".
 */
@Injectable()
export class ShopperOrdersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async bySession(shop: ShopContext, sessionId: string | undefined): Promise<ShopperOrderView> {
    if (!sessionId || !SESSION_ID.test(sessionId)) throw new OrderNotFound();
    const order = await this.dataSource
      .getRepository(Order)
      .findOne({ where: { shopId: shop.id, stripeCheckoutSessionId: sessionId } });
    if (!order) throw new OrderNotFound();
    return this.view(order);
  }

  async byToken(shop: ShopContext, orderId: string, token: string | undefined): Promise<ShopperOrderView> {
    const order = await findInShop(this.dataSource.manager, Order, shop, orderId);
    if (!statusTokenMatches(token, order.statusTokenHash)) throw new OrderNotFound();
    return this.view(order);
  }

  private async view(order: Order): Promise<ShopperOrderView> {
    // A language whose catalog was removed since reads as the default one.
    const language = isLanguage(order.language) ? order.language : DEFAULT_LANGUAGE;
    const items = await this.dataSource
      .getRepository(OrderItem)
      .find({ where: { shopId: order.shopId, orderId: order.id }, order: { name: 'ASC' } });
    return {
      id: order.id,
      number: order.number,
      status: order.status,
      paid: order.status === OrderStatus.Paid,
      processing: order.status === OrderStatus.Pending || order.status === OrderStatus.AwaitingPayment,
      language,
      copy: shopperStatusCopy(
        {
          status: order.status,
          email: order.customerEmail,
          currency: order.currency,
          total: order.totalAmount,
          amountRefunded: order.amountRefunded,
        },
        language,
      ),
      currency: order.currency,
      total: order.totalAmount,
      goods: order.totalAmount - (order.shippingAmount ?? 0),
      shipping:
        order.shippingAmount === null
          ? null
          : { amount: order.shippingAmount, rateName: order.shippingRateName },
      shippingPending: order.shippingCountry !== null && order.shippingAmount === null,
      address: addressLines(order.shippingAddress, language),
      email: order.customerEmail,
      items: items.map((i) => ({
        name: i.name,
        quantity: i.quantity,
        unitAmount: i.unitAmount,
        lineTotal: i.unitAmount * i.quantity,
      })),
      cart: {
        cartId: order.cartId,
        lines: items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
      },
    };
  }
}
