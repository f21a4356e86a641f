import { Inject, Injectable, Logger } from '@nestjs/common';
import { intlLocale } from '../common/intl-locale.js';
import Stripe from 'stripe';
import { STRIPE } from '../stripe/stripe.module.js';
import type { EntityManager } from 'typeorm';
import { Shop } from '../tenants/entities/shop.entity.js';
import { formatMoney } from '../common/money.js';
import {
  EventAccountMismatch,
  StripeEventHandler,
  StripeQuarantineFlag,
  type StripeEventContext,
} from '../webhooks/stripe-event-handler.decorator.js';
import { Order } from './entities/order.entity.js';
import { recordStripeRefund, settleRefundTotals } from './refund-ledger.js';
import { recordTimeline } from './order-timeline.js';
import { ShopOwnerMail } from '../tenants/shop-owner-mail.js';
import { t } from '../common/i18n.js';
import { codeLabel } from './order-labels.js';
import { findAcrossShops } from '../database/find-in-shop.js';

const FINAL_DISPUTE_STATUSES = ['won', 'lost', 'warning_closed'];

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

/**
 * Stripe's events about money after the sale: refunds (whoever made them), the platform fee
 * given back, disputes. Events come in any order and more than once: refund statuses and the
 * order's status only move forward, totals are recomputed from the refund rows, dispute
 * outcomes are final. The order is found by its charge (or payment intent) and must belong to
 * the event's connected account, or the event is quarantined and the order flagged.
 */
@Injectable()
export class OrdersStripeEvents {
  private readonly logger = new Logger(OrdersStripeEvents.name);

  constructor(
    private readonly ownerMail: ShopOwnerMail,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  @StripeEventHandler('charge.refunded')
  async chargeRefunded(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const charge = event.data.object as Stripe.Charge;
    const order = await this.orderFor(ctx, charge.id, idOf(charge.payment_intent), ctx.account);
    if (!order) return;
    if (!order.stripeChargeId)
      await ctx.manager.update(Order, { id: order.id, shopId: order.shopId }, { stripeChargeId: charge.id });
    const refunds = charge.refunds?.data ?? [];
    for (const refund of refunds) await recordStripeRefund(ctx.manager, order, refund, ctx.eventId);
    // With the full list we trust our rows (a failed refund brings the total down); without
    // it, Stripe's cumulative figure is the floor.
    const complete = charge.refunds !== undefined && charge.refunds !== null && !charge.refunds.has_more;
    await settleRefundTotals(ctx.manager, order, complete ? undefined : charge.amount_refunded);
  }

  // Not `refund.failed`: the endpoint API (OpenAPI 2023-08-16, which the emulator follows) refuses
  // that type in enabled_events, and `refund.updated` carries the same failure.
  @StripeEventHandler('refund.created', 'refund.updated')
  async refundChanged(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const refund = event.data.object as Stripe.Refund;
    const order = await this.orderFor(ctx, idOf(refund.charge), idOf(refund.payment_intent), ctx.account);
    if (!order) return;
    await recordStripeRefund(ctx.manager, order, refund, ctx.eventId);
    await settleRefundTotals(ctx.manager, order);
  }

  /** The platform's own event: how much of its fee went back to the merchant, cumulative. */
  @StripeEventHandler('application_fee.refunded')
  async applicationFeeRefunded(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const fee = event.data.object as Stripe.ApplicationFee;
    const chargeId = idOf(fee.charge);
    const account = idOf(fee.account);
    let order = await this.orderFor(ctx, chargeId, null, account);
    if (!order && chargeId && account) {
      // An order knows its payment intent from the session's events, its charge id only once a
      // connected-account event names it, and this platform event often comes first: ask Stripe.
      const charge = await this.stripe.charges.retrieve(chargeId, {}, { stripeAccount: account });
      order = await this.orderFor(ctx, chargeId, idOf(charge.payment_intent), account);
    }
    if (!order || fee.amount_refunded <= order.feeRefundedAmount) return;
    await ctx.manager.update(
      Order,
      { id: order.id, shopId: order.shopId },
      { feeRefundedAmount: Math.min(fee.amount_refunded, order.applicationFeeAmount) },
    );
    await recordTimeline(
      ctx.manager,
      order,
      'fee_refunded',
      { feeRefunded: fee.amount_refunded },
      ctx.eventId,
    );
  }

  @StripeEventHandler('charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed')
  async disputeChanged(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const dispute = event.data.object as Stripe.Dispute;
    const order = await this.orderFor(ctx, idOf(dispute.charge), idOf(dispute.payment_intent), ctx.account);
    if (!order) return;
    const known = order.disputeId === dispute.id ? order.disputeStatus : null;
    const final = known !== null && FINAL_DISPUTE_STATUSES.includes(known);
    if (!final) {
      await ctx.manager.update(
        Order,
        { id: order.id, shopId: order.shopId },
        { disputeId: dispute.id, disputeStatus: dispute.status },
      );
    }
    const detail = {
      disputeId: dispute.id,
      status: dispute.status,
      reason: dispute.reason,
      amount: dispute.amount,
    };
    if (await ctx.once(dispute.id, 'order.dispute_opened')) {
      await recordTimeline(ctx.manager, order, 'dispute_opened', detail, ctx.eventId);
      await this.ownerMail.send(ctx.manager, order.shopId, (to, lang) => ({
        to,
        subject: t(lang, 'merchantMail.disputeOpened.subject', { number: order.number }),
        text: [
          t(lang, 'merchantMail.disputeOpened.intro', {
            number: order.number,
            amount: formatMoney(dispute.amount, dispute.currency, intlLocale(lang)),
            reason: codeLabel(lang, 'orders.disputeReason', dispute.reason),
          }),
          t(lang, 'merchantMail.disputeOpened.held'),
          t(lang, 'merchantMail.disputeOpened.respond'),
        ].join('\n'),
      }));
    }
    if (
      FINAL_DISPUTE_STATUSES.includes(dispute.status) &&
      (await ctx.once(dispute.id, 'order.dispute_closed'))
    ) {
      await recordTimeline(ctx.manager, order, 'dispute_closed', detail, ctx.eventId);
      await this.ownerMail.send(ctx.manager, order.shopId, (to, lang) => {
        const status = codeLabel(lang, 'orders.disputeStatus', dispute.status);
        return {
          to,
          subject: t(lang, 'merchantMail.disputeClosed.subject', { number: order.number, status }),
          text: t(lang, 'merchantMail.disputeClosed.body', { number: order.number, status }),
        };
      });
    }
  }

  /** An event the platform refused (wrong account): the order is marked for an admin. */
  @StripeQuarantineFlag('order')
  async flagOrder(
    mismatch: EventAccountMismatch,
    event: Stripe.Event,
    manager: EntityManager,
  ): Promise<void> {
    if (!mismatch.shopId) return;
    await manager.update(
      Order,
      { id: mismatch.objectId, shopId: mismatch.shopId },
      { flaggedAt: new Date(), flagReason: `${event.type} ${event.id}: ${mismatch.message}`.slice(0, 500) },
    );
  }

  /**
   * The order a charge belongs to, locked for the rest of the event's transaction; none when
   * the charge is not one of ours (a Standard account's own sales also send events).
   */
  private async orderFor(
    ctx: StripeEventContext,
    chargeId: string | null,
    paymentIntentId: string | null,
    account: string | null,
  ): Promise<Order | null> {
    const byStripeIds = [
      ...(chargeId ? [{ stripeChargeId: chargeId }] : []),
      ...(paymentIntentId ? [{ stripePaymentIntentId: paymentIntentId }] : []),
    ];
    // Stripe names the charge, not the shop: the account check below follows.
    const order = await findAcrossShops(ctx.manager, Order, byStripeIds, { lock: true });
    if (!order) {
      this.logger.debug({ chargeId, paymentIntentId }, 'no order for this charge');
      return null;
    }
    const shop = await ctx.manager.findOne(Shop, { where: { id: order.shopId } });
    const expected = order.stripeAccountId ?? shop?.stripeAccountId ?? null;
    if (expected !== account)
      throw new EventAccountMismatch('order', order.id, expected, account, order.shopId);
    return order;
  }
}
