import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { Order } from './entities/order.entity.js';
import { Refund, RefundStatus } from './entities/refund.entity.js';
import { nextStatus } from './order-status.js';
import { recordTimeline } from './order-timeline.js';
import { isUuid } from '../common/uuid.js';

/** Metadata key carrying our Refund row id on refunds we create, so an event finds its row. */
export const REFUND_ID_METADATA = 'comptoir_refund_id';

/** Refund statuses only move forward: a late event cannot undo a later one. */
const RANK: Record<RefundStatus, number> = {
  [RefundStatus.Pending]: 0,
  [RefundStatus.PendingRetry]: 0,
  [RefundStatus.Succeeded]: 1,
  [RefundStatus.Failed]: 2,
  [RefundStatus.Canceled]: 2,
};

export function refundStatusFromStripe(status: string | null): RefundStatus {
  switch (status) {
    case 'succeeded':
      return RefundStatus.Succeeded;
    case 'failed':
      return RefundStatus.Failed;
    case 'canceled':
      return RefundStatus.Canceled;
    default:
      return RefundStatus.Pending;
  }
}

/** The statuses whose amount is spoken for: no new refund may take it. */
export const RESERVING_STATUSES = [RefundStatus.Pending, RefundStatus.PendingRetry, RefundStatus.Succeeded];

/**
 * Records what Stripe says of one refund of `order` (whose row the caller holds FOR UPDATE):
 * finds our row by Stripe id, then by the metadata we set, else creates one (a refund made in
 * Stripe's dashboard), and moves its status forward only. Writes the timeline on changes.
 */
export async function recordStripeRefund(
  manager: EntityManager,
  order: Order,
  refund: Stripe.Refund,
  stripeEventId: string | null,
): Promise<Refund> {
  const repo = manager.getRepository(Refund);
  const ourId = refund.metadata?.[REFUND_ID_METADATA];
  let row =
    (await repo.findOne({ where: { shopId: order.shopId, stripeRefundId: refund.id } })) ??
    (ourId && isUuid(ourId)
      ? await repo.findOne({ where: { id: ourId, shopId: order.shopId, orderId: order.id } })
      : null);
  const status = refundStatusFromStripe(refund.status);
  if (!row) {
    row = await repo.save(
      repo.create({
        shopId: order.shopId,
        orderId: order.id,
        amount: refund.amount,
        currency: refund.currency,
        status,
        reason: refund.reason ?? null,
        stripeRefundId: refund.id,
        idempotencyKey: null,
        createdByUserId: null,
        refundApplicationFee: false,
      }),
    );
    await recordTimeline(
      manager,
      order,
      'refund_recorded',
      { refundId: row.id, amount: refund.amount, source: 'stripe' },
      stripeEventId,
    );
    if (status !== RefundStatus.Pending)
      await timelineFor(manager, order, row, status, refund, stripeEventId);
    return row;
  }
  const previous = row.status;
  const patch: Partial<Refund> = {};
  if (row.stripeRefundId !== refund.id) patch.stripeRefundId = refund.id;
  if (RANK[status] > RANK[previous]) patch.status = status;
  // Our own row waiting for a retry, which Stripe now knows: it no longer waits.
  else if (previous === RefundStatus.PendingRetry) patch.status = RefundStatus.Pending;
  if (patch.status === RefundStatus.Failed && refund.failure_reason) patch.lastError = refund.failure_reason;
  if (!Object.keys(patch).length) return row;
  await repo.update({ id: row.id, shopId: order.shopId }, patch);
  if (patch.status && patch.status !== previous)
    await timelineFor(manager, order, row, patch.status, refund, stripeEventId);
  return { ...row, ...patch };
}

async function timelineFor(
  manager: EntityManager,
  order: Order,
  row: Refund,
  status: RefundStatus,
  refund: Stripe.Refund,
  stripeEventId: string | null,
): Promise<void> {
  if (status === RefundStatus.Succeeded)
    await recordTimeline(
      manager,
      order,
      'refund',
      { refundId: row.id, amount: row.amount, stripeRefundId: refund.id },
      stripeEventId,
    );
  else if (status === RefundStatus.Failed || status === RefundStatus.Canceled)
    await recordTimeline(
      manager,
      order,
      'refund_failed',
      { refundId: row.id, amount: row.amount, status, reason: refund.failure_reason ?? null },
      stripeEventId,
    );
}

/**
 * Sets the order's refunded total from its succeeded refunds (or Stripe's cumulative figure
 * when that is higher and we may not know every refund) and moves its status forward.
 */
export async function settleRefundTotals(
  manager: EntityManager,
  order: Order,
  chargeAmountRefunded?: number,
): Promise<Order> {
  const [{ sum }] = await manager.query<Array<{ sum: string }>>(
    `SELECT COALESCE(SUM(amount), 0) AS sum FROM shop_refund WHERE shop_id = $1 AND order_id = $2 AND status = $3`,
    [order.shopId, order.id, RefundStatus.Succeeded],
  );
  const succeeded = Number(sum);
  const amountRefunded = Math.min(order.totalAmount, Math.max(succeeded, chargeAmountRefunded ?? 0));
  const status =
    nextStatus(order.status, { kind: 'refunded', amountRefunded, total: order.totalAmount }) ?? order.status;
  if (amountRefunded === order.amountRefunded && status === order.status) return order;
  await manager.update(Order, { id: order.id, shopId: order.shopId }, { amountRefunded, status });
  if (status !== order.status) await recordTimeline(manager, order, status, { amountRefunded });
  return { ...order, amountRefunded, status };
}
