import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { StripeEventHandler, type StripeEventContext } from '../webhooks/stripe-event-handler.decorator.js';
import { transitionsForEvent } from './checkout-session.js';
import { OrderLifecycle } from '../orders/order-lifecycle.service.js';

/**
 * Stripe's Checkout Session events → the order's payment status, through OrderLifecycle (the
 * same path reconciliation takes). Everything is written through `ctx.manager`, in the
 * transaction that marks the event processed. An event from another account than the order's
 * shop's throws EventAccountMismatch; the orders module's `@StripeQuarantineFlag('order')` flags it.
 */
@Injectable()
export class CheckoutStripeEvents {
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
}
