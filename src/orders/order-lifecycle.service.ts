import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MailService } from '../mail/mail.service.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order, type OfferedShipping, type ShippingAddress } from './entities/order.entity.js';
import { chosenOffer } from './shipping-options.js';
import { nextStatus, OrderStatus, type PaymentTransition } from './order-status.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { shopOrigin } from '../common/shop-url.js';
import { EventAccountMismatch } from '../webhooks/stripe-event-handler.decorator.js';
import { newOrderMail, paymentFailedMail, receiptMail, type MailOrder } from './order-mails.js';
import { orderStatusToken } from './order-token.js';
import { releaseStock } from './stock.js';
import { recordTimeline } from './order-timeline.js';
import { findAcrossShops } from '../database/find-in-shop.js';
import { ShopOwnerMail } from '../tenants/shop-owner-mail.js';

/** Who says the session is in this state: a Stripe event, reconciliation, or checkout itself. */
export type SessionSource =
  | { kind: 'event'; eventId: string; eventType: string; account: string | null }
  | { kind: 'reconciliation'; account: string }
  | { kind: 'checkout'; account: string };

/**
 * The one way an order's payment status moves: `applySession` takes a Checkout Session as
 * Stripe describes it (an event's snapshot, or the object reconciliation retrieved) and the
 * transitions it implies, and applies them through `nextStatus` under a row lock, in the
 * caller's transaction. Webhook handlers and reconciliation both call it, so a repeated,
 * late or duplicated report is a no-op, and each effect (stock release, mails) happens exactly
 * once: on the transition that causes it.
 *
 * Guards, before anything moves: the report's account must be the order's (else
 * EventAccountMismatch: the event is quarantined and the order flagged); the session must be
 * the order's own, with the order's amount and currency (else the order is flagged for an
 * admin and nothing is applied).
 */
@Injectable()
export class OrderLifecycle {
  private readonly logger = new Logger(OrderLifecycle.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly ownerMail: ShopOwnerMail,
  ) {}

  async applySession(
    manager: EntityManager,
    session: Stripe.Checkout.Session,
    transitions: readonly PaymentTransition[],
    source: SessionSource,
  ): Promise<Order | undefined> {
    const order = await this.lockOrderOfSession(manager, session);
    if (!order) {
      this.logger.log({ session: session.id }, 'checkout session of no order here: ignored');
      return undefined;
    }
    if (source.account !== order.stripeAccountId) {
      throw new EventAccountMismatch('order', order.id, order.stripeAccountId, source.account, order.shopId);
    }
    const problem = this.mismatch(order, session);
    if (problem) {
      await this.flag(manager, order, problem, source);
      return order;
    }
    if (!order.stripeCheckoutSessionId) {
      order.stripeCheckoutSessionId = session.id;
      await manager.update(
        Order,
        { id: order.id, shopId: order.shopId },
        { stripeCheckoutSessionId: session.id },
      );
    }
    for (const transition of transitions) await this.move(manager, order, transition, source, session);
    return order;
  }

  /**
   * Closes an order whose session never came to be (Stripe refused it, or none was made before
   * its expiry time): the `session_expired` move, releasing its stock.
   */
  async abandon(manager: EntityManager, shopId: string, orderId: string, reason: string): Promise<void> {
    const order = await manager.findOne(Order, {
      where: { id: orderId, shopId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!order || order.stripeCheckoutSessionId) return;
    await this.move(
      manager,
      order,
      { kind: 'session_expired' },
      { kind: 'checkout', account: order.stripeAccountId ?? '' },
      undefined,
      reason,
    );
  }

  private async lockOrderOfSession(manager: EntityManager, session: Stripe.Checkout.Session) {
    const claimed = session.metadata?.order_id ?? session.client_reference_id ?? null;
    // Stripe's word names the order, not the shop: the account check in applySession follows.
    const order = claimed ? await findAcrossShops(manager, Order, { id: claimed }, { lock: true }) : null;
    if (order) return order;
    return findAcrossShops(manager, Order, { stripeCheckoutSessionId: session.id }, { lock: true });
  }

  private mismatch(order: Order, session: Stripe.Checkout.Session): string | undefined {
    if (order.stripeCheckoutSessionId && order.stripeCheckoutSessionId !== session.id) {
      return `session ${session.id} is not the order's session ${order.stripeCheckoutSessionId}`;
    }
    if ((session.currency ?? '').toLowerCase() !== order.currency) {
      return `currency ${String(session.currency)} does not match the order currency ${order.currency}`;
    }
    const shipping = shippingOfSession(order, session);
    if (typeof shipping === 'string') return shipping;
    const expected = goodsOf(order) + (shipping?.amount ?? 0);
    if (session.amount_total !== expected) {
      return `amount ${String(session.amount_total)} does not match the order total ${expected}`;
    }
    return undefined;
  }

  private async flag(manager: EntityManager, order: Order, reason: string, source: SessionSource) {
    this.logger.warn({ orderId: order.id, reason }, 'order flagged: a Stripe report did not match it');
    if (order.flagReason === reason) return;
    await manager.update(
      Order,
      { id: order.id, shopId: order.shopId },
      { flaggedAt: order.flaggedAt ?? new Date(), flagReason: reason },
    );
    await recordTimeline(
      manager,
      order,
      'flagged',
      { reason, source: source.kind },
      source.kind === 'event' ? source.eventId : null,
    );
  }

  private async move(
    manager: EntityManager,
    order: Order,
    transition: PaymentTransition,
    source: SessionSource,
    session: Stripe.Checkout.Session | undefined,
    reason?: string,
  ): Promise<void> {
    const to = nextStatus(order.status, transition);
    if (!to) return;
    const from = order.status;
    const patch: Partial<Order> = { status: to };
    if (session) {
      const pi = session.payment_intent;
      const piId = typeof pi === 'string' ? pi : (pi?.id ?? null);
      if (piId && !order.stripePaymentIntentId) patch.stripePaymentIntentId = piId;
      if (pi && typeof pi === 'object' && pi.latest_charge && !order.stripeChargeId) {
        patch.stripeChargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id;
      }
      const email = session.customer_details?.email ?? null;
      if (email && !order.customerEmail) patch.customerEmail = email.toLowerCase();
      const shipping = shippingOf(session);
      if (shipping && !order.shippingAddress) patch.shippingAddress = shipping;
      // The rate the shopper chose (checked against the offer by `mismatch`): now on the total.
      const chosen = shippingOfSession(order, session);
      if (chosen && typeof chosen === 'object' && order.shippingAmount === null) {
        patch.shippingAmount = chosen.amount;
        patch.shippingRateName = chosen.name;
        patch.totalAmount = goodsOf(order) + chosen.amount;
      }
    }
    if (to === OrderStatus.Paid) patch.paidAt = new Date();
    const releases = to === OrderStatus.Expired || to === OrderStatus.PaymentFailed;
    const items = await manager.find(OrderItem, { where: { orderId: order.id, shopId: order.shopId } });
    if (releases && order.stockReserved) {
      await releaseStock(manager, order.shopId, items);
      patch.stockReserved = false;
    }
    await manager.update(Order, { id: order.id, shopId: order.shopId }, patch);
    Object.assign(order, patch);
    await recordTimeline(
      manager,
      order,
      to,
      {
        from,
        transition: transition.kind,
        source: source.kind,
        ...(source.kind === 'event' ? { eventType: source.eventType } : {}),
        ...(session ? { session: session.id } : {}),
        ...(reason ? { reason } : {}),
        ...(releases && patch.stockReserved === false ? { stockReleased: true } : {}),
      },
      source.kind === 'event' ? source.eventId : null,
    );
    if (to === OrderStatus.Paid || to === OrderStatus.PaymentFailed) {
      await this.sendMails(manager, order, items, to);
    }
  }

  private async sendMails(manager: EntityManager, order: Order, items: OrderItem[], to: OrderStatus) {
    const shop = await manager.findOneOrFail(Shop, { where: { id: order.shopId } });
    const origin = shopOrigin(this.config, shop.slug);
    const statusUrl = `${origin}/orders/${order.id}?t=${orderStatusToken(this.config.sessionSecret, order.id)}`;
    const mailOrder: MailOrder = { ...order, items };
    if (to === OrderStatus.Paid) {
      if (order.customerEmail) {
        await this.mail.enqueue(
          receiptMail(order.customerEmail, shop.name, mailOrder, statusUrl, order.language),
          manager,
        );
      }
      await this.ownerMail.send(manager, shop.id, (to, lang) =>
        newOrderMail(to, lang, shop.name, mailOrder, `${this.config.appUrl}/dashboard/orders/${order.id}`),
      );
    } else if (order.customerEmail) {
      await this.mail.enqueue(
        paymentFailedMail(order.customerEmail, shop.name, mailOrder, statusUrl, origin, order.language),
        manager,
      );
    }
  }
}

/** The order's goods (net of discounts): its total less the shipping once that is on it. */
function goodsOf(order: Pick<Order, 'totalAmount' | 'shippingAmount'>): number {
  return order.totalAmount - (order.shippingAmount ?? 0);
}

/**
 * The shipping a session's report carries, checked against what the order offered: the offered
 * rate chosen (its stored amount and name), undefined when none is chosen (yet), or why the
 * report does not match (a rate never offered, another amount, no rate on a completed session).
 */
export function shippingOfSession(
  order: Pick<Order, 'shippingOffer'>,
  session: Pick<Stripe.Checkout.Session, 'shipping_cost' | 'shipping_options' | 'status'>,
): OfferedShipping | string | undefined {
  const offer = order.shippingOffer ?? [];
  const cost = session.shipping_cost;
  if (!cost) {
    return offer.length && session.status === 'complete'
      ? 'no shipping rate was chosen on a session that offered some'
      : undefined;
  }
  if (!offer.length) {
    return cost.amount_total === 0
      ? undefined
      : `shipping ${cost.amount_total} charged without a rate offered`;
  }
  const chosen = chosenOffer(offer, session);
  if (!chosen) return 'the shipping rate chosen is none of the rates offered';
  if (cost.amount_total !== chosen.offer.amount) {
    return `shipping ${cost.amount_total} does not match the rate offered (${chosen.offer.amount})`;
  }
  return chosen.offer;
}

function shippingOf(session: Stripe.Checkout.Session): ShippingAddress | null {
  const details = session.collected_information?.shipping_details;
  if (!details?.address) return null;
  const a = details.address;
  return {
    name: details.name ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    city: a.city ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
    country: a.country ?? null,
  };
}
