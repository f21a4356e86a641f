import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { Clock } from '../common/clock.js';
import { message, translate, ValidationFailed } from '../common/domain-error.js';
import { DEFAULT_LANGUAGE } from '../common/i18n.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { OrderItem } from '../orders/entities/order-item.entity.js';
import { Order } from '../orders/entities/order.entity.js';
import { OrderStatus } from '../orders/order-status.js';
import type { CartLine } from '../storefront/cart-cookie.js';
import { describeStripeError } from '../stripe/stripe-errors.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { FeePlanService } from '../tenants/fee-plan.service.js';
import { isShippingCountry } from '../tenants/markets.js';
import { ShippingRate } from '../tenants/entities/shipping-rate.entity.js';
import { ShippingZone } from '../tenants/entities/shipping-zone.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { shopOrigin } from '../common/shop-url.js';
import {
  cartFingerprint,
  checkoutExpiresAt,
  checkoutSessionParams,
  transitionsFromSession,
  type PricedLine,
} from './checkout-session.js';
import {
  CartEmpty,
  CheckoutUnavailable,
  OutOfStock,
  PaymentProviderUnavailable,
  PriceNotReady,
  ProductUnavailable,
} from './checkout.errors.js';
import { CheckoutThrottle } from './checkout-throttle.js';
import { orderAmounts } from '../orders/order-amounts.js';
import { offeredShipping, ratesForCart, type ZoneRates } from '../orders/shipping-options.js';
import type { OfferedShipping } from '../orders/entities/order.entity.js';
import { OrderLifecycle } from '../orders/order-lifecycle.service.js';
import { hashStatusToken, orderStatusToken } from '../orders/order-token.js';
import { reserveStock, variantStock } from '../orders/stock.js';
import { variantDisplayName } from '../catalog/entities/product-variant.entity.js';
import { recordTimeline } from '../orders/order-timeline.js';
import { checkoutSessionKey } from '../stripe/idempotency-keys.js';

export interface CheckoutRequest {
  /** The shopper's cart id (cookie): finds the cart's open session, and is rate-limited. */
  cartId: string;
  ip: string;
  lines: CartLine[];
  email: string | null;
  /** The shopper's language (a catalog code): recorded on the order, Checkout's `locale`. */
  language: string;
  /** "Deliver to" (ISO code) from the cart: required when the shop ships physical goods. */
  country?: string | null;
}

/** Where the order ships and the rates its session offers; null when nothing is shipped. */
interface ShippingChoice {
  country: string;
  offer: OfferedShipping[];
}

/** A session still usable for at least this long is reused; a nearly expired one is replaced. */
const REUSE_MARGIN_MS = 60_000;

interface VariantRow {
  id: string;
  product_id: string;
  name: string;
  option_values: string[];
  price_amount: number;
  currency: string;
  stock: number | null;
  published: boolean;
  archived_at: Date | null;
  sellable: boolean;
  stripe_price_id: string | null;
  stripe_price_amount: number | null;
  sync_state: string;
}

type Step =
  | { kind: 'use'; order: Order; items: OrderItem[] }
  | { kind: 'replace'; order: Order }
  /** A new session is needed: count it against the rate limits first. */
  | { kind: 'count' };

/**
 * Cart → order → Checkout Session on the shop's connected account (direct charge, application
 * fee). Invariants:
 * - one open order (and session) per cart: a resubmitted, unchanged cart reuses it (a per-cart
 *   advisory lock serialises double clicks); a changed cart expires the old session first;
 * - the order, its items (copied with their amounts and Prices), the fee (computed once from
 *   the shop's plan) and the stock hold are written in one transaction BEFORE Stripe is called;
 *   the session is made with an idempotency key derived from the order, from parameters derived
 *   from the stored order only, so any retry replays the same session;
 * - nothing here marks an order paid: only Stripe's reports do (OrderLifecycle).
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly feePlans: FeePlanService,
    private readonly throttle: CheckoutThrottle,
    private readonly lifecycle: OrderLifecycle,
    private readonly clock: Clock,
  ) {}

  /** Returns the URL of the cart's Checkout Session (made now, or the open one reused). */
  async startCheckout(
    shop: ShopContext,
    request: CheckoutRequest,
  ): Promise<{ url: string; orderId: string }> {
    assertCanCheckout(shop);
    if (!request.lines.length) throw new CartEmpty();
    const email = request.email;
    let counted = false;
    for (let round = 0; round < 4; round++) {
      const step = await this.dataSource.transaction((manager) =>
        this.prepare(manager, shop, request, email, counted),
      );
      if (step.kind === 'replace') {
        await this.closeOpenSession(step.order);
        continue;
      }
      if (step.kind === 'count') {
        // Outside any transaction: the limiter needs its own pool connection, and 20 concurrent
        // checkouts each holding one while waiting for another would exhaust the pool.
        await this.throttle.consume(shop.id, request.cartId, request.ip);
        counted = true;
        continue;
      }
      const session = await this.ensureSession(step.order, step.items);
      if (!session) continue;
      if (session.status === 'open' && session.url) return { url: session.url, orderId: step.order.id };
      // Paid (or expired) meanwhile: take Stripe's word, then start over with the cart.
      await this.dataSource.transaction((m) =>
        this.lifecycle.applySession(m, session, transitionsFromSession(session), {
          kind: 'checkout',
          account: step.order.stripeAccountId!,
        }),
      );
      if (session.status === 'complete') {
        return {
          url: `${shopOrigin(this.config, shop.slug)}/checkout/success?session_id=${encodeURIComponent(session.id)}`,
          orderId: step.order.id,
        };
      }
    }
    throw new PaymentProviderUnavailable();
  }

  /** In one transaction under the cart's lock: reuse the open order, ask to replace it, or make one. */
  private async prepare(
    manager: EntityManager,
    shopContext: ShopContext,
    request: CheckoutRequest,
    email: string | null,
    counted: boolean,
  ): Promise<Step> {
    // The row, not the cached context: money and the right to sell are decided on fresh data.
    const shop = await manager.findOneOrFail(Shop, { where: { id: shopContext.id } });
    assertShopCanCheckout(shop);
    const lines = await this.price(manager, shop, request.lines);
    const shipping = await this.shipping(manager, shop, lines, request.country ?? null);
    const fingerprint = cartFingerprint(lines, email, shipping);
    // Only the cart's own order needs the lock: the reads above run before it, so the same cart
    // submitted many times at once waits for three statements each, not for six.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `checkout:${shopContext.id}:${request.cartId}`,
    ]);
    const open = await manager.findOne(Order, {
      where: { shopId: shop.id, cartId: request.cartId, status: OrderStatus.Pending },
      order: { createdAt: 'DESC' },
    });
    if (open) {
      const usable =
        open.cartFingerprint === fingerprint &&
        open.stripeAccountId === shop.stripeAccountId &&
        // A shopper who changed language gets Stripe's page, and later mails, in the new one.
        open.language === request.language &&
        (open.checkoutExpiresAt?.getTime() ?? 0) > this.clock.now().getTime() + REUSE_MARGIN_MS;
      if (!usable) return { kind: 'replace', order: open };
      const items = await manager.find(OrderItem, { where: { shopId: shop.id, orderId: open.id } });
      return { kind: 'use', order: open, items };
    }
    if (!counted) return { kind: 'count' };
    return this.createOrder(manager, shop, lines, {
      cartId: request.cartId,
      email,
      fingerprint,
      language: request.language,
      shipping,
    });
  }

  /**
   * A shop that ships physical goods needs the cart's destination, in one of its zones: the
   * zone's rates, priced for this cart, are the offer the order stores and its session sends.
   */
  private async shipping(
    manager: EntityManager,
    shop: Shop,
    lines: PricedLine[],
    country: string | null,
  ): Promise<ShippingChoice | null> {
    if (!shop.shipsPhysicalGoods) return null;
    const zones = await shippingZonesOf(manager, shop.id);
    if (!zones.length) throw CheckoutUnavailable.noShippingZone();
    const code = (country ?? '').trim().toUpperCase();
    // A legacy code Stripe refuses (UK) may sit in a zone: never sent, Stripe would refuse the session.
    const offered = isShippingCountry(code)
      ? ratesForCart(zones, code, { currency: shop.currency, lines, feePlan: this.feePlans.planFor(shop) })
      : null;
    if (!offered) {
      throw new ValidationFailed({
        country: code ? message('shipping.cart.countryRefused') : message('shipping.cart.countryMissing'),
      });
    }
    return { country: code, offer: offered.map(offeredShipping) };
  }

  /**
   * Today's amount and Price of every line's variant (a line without one: its product's default
   * variant, as carts made before variants hold); refuses what cannot be sold now.
   */
  private async price(manager: EntityManager, shop: Shop, cart: CartLine[]): Promise<PricedLine[]> {
    const ids = cart.map((l) => l.productId);
    const variantIds = cart.flatMap((l) => (l.variantId ? [l.variantId] : []));
    if (ids.some((id) => !isUuid(id)) || variantIds.some((id) => !isUuid(id))) throw new ProductUnavailable();
    const rows = await manager.query<VariantRow[]>(
      `SELECT v.id, v.product_id, p.name, v.option_values, v.price_amount, v.currency, v.stock, p.published,
              p.archived_at, (v.active AND v.archived_at IS NULL) AS sellable, v.stripe_price_id,
              v.stripe_price_amount, p.sync_state
         FROM product_variant v
         JOIN product p ON p.id = v.product_id AND p.shop_id = v.shop_id
        WHERE v.shop_id = $1 AND p.id = ANY($2::uuid[])
          AND (v.id = ANY($3::uuid[]) OR cardinality(v.option_values) = 0)`,
      [shop.id, ids, variantIds],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const defaultOf = new Map(
      rows.filter((r) => r.option_values.length === 0 && r.sellable).map((r) => [r.product_id, r]),
    );
    return cart.map((line) => {
      const v = line.variantId ? byId.get(line.variantId) : defaultOf.get(line.productId);
      if (!v || v.product_id !== line.productId || !v.published || v.archived_at || !v.sellable) {
        throw new ProductUnavailable(v?.name);
      }
      const name = variantDisplayName(v.name, v.option_values);
      if (v.stock !== null && v.stock < line.quantity) throw new OutOfStock(name, v.stock);
      // The Price on the connected account must carry today's amount in the shop's currency.
      if (
        !v.stripe_price_id ||
        v.stripe_price_amount !== v.price_amount ||
        v.currency !== shop.currency ||
        v.sync_state === 'waiting_for_account'
      ) {
        throw new PriceNotReady(name);
      }
      return {
        productId: v.product_id,
        variantId: v.id,
        name,
        unitAmount: v.price_amount,
        quantity: line.quantity,
        stripePriceId: v.stripe_price_id,
        stock: v.stock,
      };
    });
  }

  private async createOrder(
    manager: EntityManager,
    shop: Shop,
    lines: PricedLine[],
    meta: {
      cartId: string;
      email: string | null;
      fingerprint: string;
      language: string;
      shipping: ShippingChoice | null;
    },
  ): Promise<Step> {
    const held = lines.filter((l) => l.stock !== null);
    const short = await reserveStock(manager, shop.id, held);
    if (short) {
      const line = lines.find((l) => l.variantId === short.variantId)!;
      const left = await variantStock(manager, shop.id, line);
      // Throwing rolls the transaction back, with whatever this cart had already taken.
      throw new OutOfStock(line.name, left ?? 0);
    }
    const [{ last_number: number }] = await manager.query<Array<{ last_number: number }>>(
      `INSERT INTO shop_order_number (shop_id, last_number) VALUES ($1, 1)
       ON CONFLICT (shop_id) DO UPDATE SET last_number = shop_order_number.last_number + 1
       RETURNING last_number`,
      [shop.id],
    );
    // The goods only: the shipping rate is the shopper's choice on Checkout's page, added to the
    // total when the completed session says which (OrderLifecycle). No discount or tax yet.
    const amounts = orderAmounts({
      currency: shop.currency,
      lines,
      feePlan: this.feePlans.planFor(shop),
    });
    const total = amounts.total;
    const fee = amounts.applicationFee;
    const id = randomUUID();
    const expiresAt = checkoutExpiresAt(this.clock.now(), this.config.checkout.expiresMinutes);
    const order = manager.create(Order, {
      id,
      shopId: shop.id,
      number,
      status: OrderStatus.Pending,
      currency: shop.currency,
      totalAmount: total,
      applicationFeeAmount: fee,
      customerEmail: meta.email,
      language: meta.language,
      stripeAccountId: shop.stripeAccountId,
      checkoutExpiresAt: expiresAt,
      cartId: meta.cartId,
      cartFingerprint: meta.fingerprint,
      statusTokenHash: hashStatusToken(orderStatusToken(this.config.sessionSecret, id)),
      stockReserved: held.length > 0,
      shippingCountry: meta.shipping?.country ?? null,
      shippingOffer: meta.shipping?.offer ?? null,
    });
    await manager.insert(Order, order);
    const items = lines.map((l) =>
      manager.create(OrderItem, {
        shopId: shop.id,
        orderId: id,
        productId: l.productId,
        variantId: l.variantId,
        name: l.name,
        unitAmount: l.unitAmount,
        quantity: l.quantity,
        stripePriceId: l.stripePriceId,
      }),
    );
    await manager.insert(OrderItem, items);
    await recordTimeline(manager, { id, shopId: shop.id }, 'created', {
      total,
      fee,
      currency: shop.currency,
      items: lines.length,
      stockReserved: held.length > 0,
    });
    return { kind: 'use', order, items };
  }

  /**
   * The order's Checkout Session: retrieved when known, else created with the order's
   * idempotency key (a replay when an earlier attempt reached Stripe). Undefined when Stripe
   * refused to make it: the order is then closed and its stock released.
   */
  private async ensureSession(
    order: Order,
    items: OrderItem[],
  ): Promise<Stripe.Checkout.Session | undefined> {
    const stripeAccount = order.stripeAccountId!;
    if (order.stripeCheckoutSessionId) {
      try {
        return await this.stripe.checkout.sessions.retrieve(
          order.stripeCheckoutSessionId,
          { expand: ['payment_intent'] },
          { stripeAccount },
        );
      } catch (err) {
        this.logger.warn({ err, orderId: order.id }, 'checkout session retrieval failed');
        throw new PaymentProviderUnavailable();
      }
    }
    const shop = await this.dataSource.getRepository(Shop).findOneOrFail({ where: { id: order.shopId } });
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(
        checkoutSessionParams(order, items, shop, shopOrigin(this.config, shop.slug)),
        { stripeAccount, idempotencyKey: checkoutSessionKey(order.id) },
      );
    } catch (err) {
      if (isInvalidRequest(err)) {
        // Stripe answered no (a Price gone, an account that cannot charge): no session exists.
        this.logger.warn({ err, orderId: order.id }, 'Stripe refused the checkout session');
        await this.dataSource.transaction((m) =>
          this.lifecycle.abandon(
            m,
            order.shopId,
            order.id,
            // The order's timeline is shown to the merchant: our words, Stripe's in the log above.
            `Stripe refused the session: ${translate(DEFAULT_LANGUAGE, describeStripeError(err, 'checkout').message)}`,
          ),
        );
        throw new PaymentProviderUnavailable();
      }
      // Unknown outcome (network, 5xx): the order stays; a resubmit replays the same key.
      this.logger.warn({ err, orderId: order.id }, 'checkout session creation failed');
      throw new PaymentProviderUnavailable();
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE shop_order SET stripe_checkout_session_id = $3
          WHERE id = $1 AND shop_id = $2 AND stripe_checkout_session_id IS NULL`,
        [order.id, order.shopId, session.id],
      );
      const [seen] = await m.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM shop_order_event WHERE order_id = $1 AND shop_id = $2 AND type = 'checkout_started'`,
        [order.id, order.shopId],
      );
      if (!seen?.n) {
        await recordTimeline(m, order, 'checkout_started', {
          session: session.id,
          expiresAt: session.expires_at,
        });
      }
    });
    order.stripeCheckoutSessionId = session.id;
    return session;
  }

  /** Expires the open session of a changed cart (or takes its true state) before a new one. */
  private async closeOpenSession(order: Order): Promise<void> {
    const stripeAccount = order.stripeAccountId;
    if (!stripeAccount) {
      await this.dataSource.transaction((m) =>
        this.lifecycle.abandon(m, order.shopId, order.id, 'no account'),
      );
      return;
    }
    let sessionId = order.stripeCheckoutSessionId;
    if (!sessionId) {
      const items = await this.dataSource
        .getRepository(OrderItem)
        .find({ where: { shopId: order.shopId, orderId: order.id } });
      try {
        sessionId = (await this.ensureSession(order, items))?.id ?? null;
      } catch (err) {
        if (!(err instanceof PaymentProviderUnavailable)) throw err;
        const current = await this.dataSource
          .getRepository(Order)
          .findOneOrFail({ where: { id: order.id, shopId: order.shopId } });
        if (current.status !== OrderStatus.Pending) return;
        throw err;
      }
      if (!sessionId) return;
    }
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.expire(sessionId, {}, { stripeAccount });
    } catch (err) {
      if (!isInvalidRequest(err)) throw new PaymentProviderUnavailable();
      // Not open any more (paid, or expired already): its true state decides.
      session = await this.stripe.checkout.sessions.retrieve(
        sessionId,
        { expand: ['payment_intent'] },
        { stripeAccount },
      );
    }
    await this.dataSource.transaction((m) =>
      this.lifecycle.applySession(m, session, transitionsFromSession(session), {
        kind: 'checkout',
        account: stripeAccount,
      }),
    );
  }
}

/** The cart's optional email field: blank = none (Checkout asks for it). */
export function checkoutEmail(text: string | undefined): string | null {
  const email = (text ?? '').trim().toLowerCase();
  if (!email) return null;
  if (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new ValidationFailed({
      email: message('validation.checkoutEmail'),
    });
  }
  return email;
}

function assertCanCheckout(shop: ShopContext): void {
  if (shop.suspended) throw CheckoutUnavailable.suspended();
  if (!shop.canCheckout && !shop.stripeAccountId) throw CheckoutUnavailable.notConnected();
}

function assertShopCanCheckout(shop: Shop): void {
  if (shop.suspendedAt) throw CheckoutUnavailable.suspended();
  if (!shop.stripeAccountId || shop.stripeDisconnectedAt) throw CheckoutUnavailable.notConnected();
  if (!shop.stripeChargesEnabled) throw CheckoutUnavailable.chargesNotEnabled();
}

/** The shop's zones with their rates, oldest first (the order the dashboard lists them in). */
export async function shippingZonesOf(manager: EntityManager, shopId: string): Promise<ZoneRates[]> {
  const zones = await manager.find(ShippingZone, {
    where: { shopId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  if (!zones.length) return [];
  const rates = await manager.find(ShippingRate, {
    where: { shopId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return zones.map((zone) => ({ zone, rates: rates.filter((r) => r.zoneId === zone.id) }));
}

/** Stripe said no for good (400): as opposed to an outage, or the same key still in flight (409). */
function isInvalidRequest(err: unknown): boolean {
  const e = err as { type?: string; statusCode?: number } | null;
  return e?.type === 'StripeInvalidRequestError' && e.statusCode === 400;
}
