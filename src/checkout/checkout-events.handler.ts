import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { OrderEvent } from '../orders/entities/order-event.entity.js';
import { Order } from '../orders/entities/order.entity.js';
import {
  EventAccountMismatch,
  StripeEventHandler,
  StripeQuarantineFlag,
  type StripeEventContext,
} from '../webhooks/stripe-event-handler.decorator.js';
import { transitionsForEvent } from './checkout-session.js';
import { OrderLifecycle } from './order-lifecycle.service.js';

/**
 * Stripe's Checkout Session events → the order's payment status, through OrderLifecycle (the
 * same path reconciliation takes). Everything is written through `ctx.manager`, in the
 * transaction that marks the event processed.
 */
@Injectable()
export class CheckoutEventsHandler {
  constructor(private readonly lifecycle: OrderLifecycle) {}

  @StripeEventHandler(
    'checkout.session.completed',
    'checkout.session.async_payment_succeeded',
    'checkout.session.async_payment_failed',
    'checkout.session.expired',
  )
  async onCheckoutSession(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const session = event.data.object as Stripe.Checkout.Session;
    await this.lifecycle.applySession(ctx.manager, session, transitionsForEvent(event.type, session), {
      kind: 'event',
      eventId: event.id,
      eventType: event.type,
      account: ctx.account,
    });
  }

  /** An event from another account than the order's shop's: flag the order for an admin. */
  @StripeQuarantineFlag('order')
  async flagOrder(
    mismatch: EventAccountMismatch,
    event: Stripe.Event,
    manager: EntityManager,
  ): Promise<void> {
    const order = await manager.findOne(Order, { where: { id: mismatch.objectId } });
    if (!order) return;
    const reason = `event ${event.id} (${event.type}) came from account ${mismatch.eventAccount ?? 'none'}, not the order's ${mismatch.expectedAccount ?? 'none'}`;
    await manager.update(
      Order,
      { id: order.id, shopId: order.shopId },
      { flaggedAt: order.flaggedAt ?? new Date(), flagReason: reason },
    );
    await manager.insert(OrderEvent, {
      shopId: order.shopId,
      orderId: order.id,
      type: 'flagged',
      detail: { reason, quarantined: true },
      stripeEventId: event.id,
    });
  }
}
