import { moneyInputExample, moneyToInput } from '../common/money-input.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { formatMoney } from '../common/money.js';
import { intlLocale } from '../common/intl-locale.js';
import type { OrderDetail, OrderListRow, OrderPage } from './orders.service.js';
import type { MoneyOverview } from './money.service.js';
import { RefundStatus, type Refund } from './entities/refund.entity.js';
import {
  canMoveFulfilment,
  FULFILLABLE_STATUSES,
  FulfilmentStatus,
  LISTED_STATUSES,
  OrderStatus,
  UNPAID_STATUSES,
} from './order-status.js';
import { UNPAID } from './order-list.js';

/** View models: allow-listed fields and preformatted text, never entities, go to templates. */

const STATUS_LABELS: Record<OrderStatus, string> = {
  [OrderStatus.Pending]: 'pending',
  [OrderStatus.AwaitingPayment]: 'awaiting payment',
  [OrderStatus.Paid]: 'paid',
  [OrderStatus.PaymentFailed]: 'payment failed',
  [OrderStatus.Expired]: 'expired',
  [OrderStatus.PartiallyRefunded]: 'partially refunded',
  [OrderStatus.Refunded]: 'refunded',
};

const REFUND_LABELS: Record<RefundStatus, string> = {
  [RefundStatus.Pending]: 'pending',
  [RefundStatus.PendingRetry]: 'pending retry (Stripe unreachable)',
  [RefundStatus.Succeeded]: 'succeeded',
  [RefundStatus.Failed]: 'failed',
  [RefundStatus.Canceled]: 'canceled',
};

const EVENT_LABELS: Record<string, string> = {
  created: 'Order created',
  checkout_started: 'Checkout started',
  paid: 'Paid',
  payment_failed: 'Payment failed',
  refund_requested: 'Refund requested',
  refund_pending_retry: 'Refund waiting: Stripe unreachable, retrying',
  refund: 'Refund succeeded',
  refund_recorded: 'Refund made in Stripe',
  refund_failed: 'Refund failed',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  fee_refunded: 'Platform fee returned',
  dispute_opened: 'Dispute opened',
  dispute_closed: 'Dispute closed',
  fulfilment: 'Fulfilment',
};

type Money = (amount: number, currency: string) => string;
/** Amounts in the page's language (`lang`, res.locals.lang). */
const moneyIn =
  (lang: string): Money =>
  (amount, currency) =>
    formatMoney(amount, currency, intlLocale(lang));

export function statusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status] ?? status;
}

function orderRow(o: OrderListRow, m: Money) {
  return {
    id: o.id,
    number: o.number,
    createdAt: o.createdAt,
    email: o.customerEmail ?? '—',
    status: o.status,
    statusLabel: statusLabel(o.status),
    total: m(o.totalAmount, o.currency),
    fee: m(o.applicationFeeAmount, o.currency),
    refunded: o.amountRefunded ? m(o.amountRefunded, o.currency) : null,
    fulfilment: o.fulfilmentStatus,
    disputed: o.disputeStatus,
  };
}

export function orderListView(page: OrderPage, filter: { status?: string; search?: string }, lang: string) {
  const params = (after: string) => {
    const q = new URLSearchParams();
    if (filter.status) q.set('status', filter.status);
    if (filter.search) q.set('q', filter.search);
    q.set('after', after);
    return `/dashboard/orders?${q.toString()}`;
  };
  return {
    title: 'Orders',
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    orders: page.orders.map((o) => orderRow(o, moneyIn(lang))),
    nextUrl: page.next ? params(page.next) : null,
    search: filter.search ?? '',
    filtered: Boolean(filter.status || filter.search),
    statuses: [
      ...LISTED_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
      { value: UNPAID, label: `unpaid (${UNPAID_STATUSES.map(statusLabel).join(', ')})` },
      ...UNPAID_STATUSES.map((s) => ({ value: s, label: `– ${statusLabel(s)}` })),
    ].map((o) => ({ ...o, selected: o.value === filter.status })),
  };
}

function refundRow(r: Refund, orderId: string, m: Money) {
  return {
    id: r.id,
    href: `/dashboard/orders/${orderId}/refunds/${r.id}`,
    amount: m(r.amount, r.currency),
    status: r.status,
    statusLabel: REFUND_LABELS[r.status] ?? r.status,
    createdAt: r.createdAt,
    stripeRefundId: r.stripeRefundId,
    source: r.createdByUserId ? 'dashboard' : 'Stripe',
    lastError: r.status === RefundStatus.Failed ? r.lastError : null,
  };
}

export function orderDetailView(
  detail: OrderDetail,
  refundable: number,
  extra: {
    error?: string;
    notice?: string;
    amount?: string;
    amountError?: string;
    refundBlocked?: string;
  } = {},
  lang = 'en',
) {
  const m = moneyIn(lang);
  const { order: o, items, events, refunds } = detail;
  const canRefund =
    !extra.refundBlocked &&
    refundable > 0 &&
    [OrderStatus.Paid, OrderStatus.PartiallyRefunded].includes(o.status);
  const next = FULFILLABLE_STATUSES.includes(o.status)
    ? [FulfilmentStatus.Fulfilled, FulfilmentStatus.Shipped].filter((s) =>
        canMoveFulfilment(o.fulfilmentStatus, s),
      )
    : [];
  return {
    title: `Order #${o.number}`,
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    // Shown once: as the refund section's notice, not again as the form error above it.
    error: extra.error === extra.refundBlocked ? undefined : extra.error,
    notice: extra.notice,
    refundBlocked: extra.refundBlocked,
    amount: extra.amount ?? '',
    amountError: extra.amountError,
    amountHint: `For example ${moneyInputExample(o.currency)}.`,
    order: {
      ...orderRow(o, m),
      subtotal: m(o.totalAmount, o.currency),
      feeRefunded: m(o.feeRefundedAmount, o.currency),
      refundedText: m(o.amountRefunded, o.currency),
      refundable: m(refundable, o.currency),
      net: m(o.totalAmount - o.applicationFeeAmount + o.feeRefundedAmount - o.amountRefunded, o.currency),
      currency: o.currency.toUpperCase(),
      paidAt: o.paidAt,
      trackingNote: o.trackingNote,
      shipping: o.shippingAddress
        ? [
            o.shippingAddress.name,
            o.shippingAddress.line1,
            o.shippingAddress.line2,
            [o.shippingAddress.postal_code, o.shippingAddress.city].filter(Boolean).join(' '),
            o.shippingAddress.state,
            o.shippingAddress.country,
          ].filter((line): line is string => Boolean(line))
        : null,
      stripe: [
        ['Account', o.stripeAccountId],
        ['Checkout Session', o.stripeCheckoutSessionId],
        ['Payment intent', o.stripePaymentIntentId],
        ['Charge', o.stripeChargeId],
        ['Dispute', o.disputeId],
      ]
        .filter(([, v]) => v)
        .map(([label, value]) => ({ label, value })),
      disputeStatus: o.disputeStatus,
      flagReason: o.flaggedAt ? o.flagReason : null,
    },
    items: items.map((i) => ({
      name: i.name,
      quantity: i.quantity,
      unit: m(i.unitAmount, o.currency),
      line: m(i.unitAmount * i.quantity, o.currency),
      // Pre-filled amount for "refund this item", in the form's major-unit format.
      refundAmount: moneyToInput(i.unitAmount, o.currency),
      canRefund: canRefund && i.unitAmount <= refundable,
    })),
    events: events.map((e) => ({
      at: e.at,
      label: EVENT_LABELS[e.type] ?? e.type,
      detail: eventDetail(e.detail, o.currency, m),
    })),
    refunds: refunds.map((r) => refundRow(r, o.id, m)),
    canRefund,
    fulfilmentMoves: next.map((s) => ({ value: s, label: `Mark ${s}` })),
    fulfilmentClosed: FULFILLABLE_STATUSES.includes(o.status)
      ? null
      : o.status === OrderStatus.Refunded
        ? 'Refunded in full: nothing to fulfil.'
        : 'Fulfilment opens once the order is paid.',
  };
}

function eventDetail(detail: Record<string, unknown>, currency: string, m: Money): string {
  const parts: string[] = [];
  for (const key of ['amount', 'amountRefunded', 'feeRefunded'] as const) {
    const v = detail[key];
    if (typeof v === 'number') parts.push(m(v, currency));
  }
  for (const key of ['status', 'to', 'reason', 'trackingNote'] as const) {
    const v = detail[key];
    if (typeof v === 'string' && v) parts.push(v);
  }
  return parts.join(' · ');
}

export function refundView(orderNumber: number, orderId: string, r: Refund, lang: string) {
  return {
    title: `Refund on order #${orderNumber}`,
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    orderId,
    orderNumber,
    refund: refundRow(r, orderId, moneyIn(lang)),
  };
}

export function moneyView(overview: MoneyOverview, lang: string) {
  const m = moneyIn(lang);
  const currencies = [...new Set([...overview.available, ...overview.pending].map((a) => a.currency))];
  const sum = (list: Array<{ amount: number; currency: string }>, c: string) =>
    list.filter((a) => a.currency === c).reduce((t, a) => t + a.amount, 0);
  return {
    title: 'Balance and payouts',
    layout: DASHBOARD_LAYOUT,
    section: 'money',
    connected: overview.connected,
    balances: currencies.map((c) => ({
      currency: c.toUpperCase(),
      available: m(sum(overview.available, c), c),
      pending: m(sum(overview.pending, c), c),
    })),
    upcoming: overview.upcoming.map((u) => ({
      day: u.availableOn,
      text: m(u.amount, u.currency),
    })),
    payouts: overview.payouts.map((p) => ({
      id: p.id,
      text: m(p.amount, p.currency),
      status: p.status,
      arrival: p.arrivalDate,
      failureCode: p.failureCode,
    })),
  };
}
