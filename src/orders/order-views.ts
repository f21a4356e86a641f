import { addressLines } from './shipping-address.js';
import { moneyInputExample, moneyToInput } from '../common/money-input.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { formatMoney } from '../common/money.js';
import { intlLocale } from '../common/intl-locale.js';
import { t } from '../common/i18n.js';
import { codeLabel as label } from './order-labels.js';
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

type Money = (amount: number, currency: string) => string;
/** Amounts in the page's language (`lang`, res.locals.lang). */
const moneyIn =
  (lang: string): Money =>
  (amount, currency) =>
    formatMoney(amount, currency, intlLocale(lang));

export function statusLabel(lang: string, status: OrderStatus): string {
  return label(lang, 'orders.status', status);
}

function orderRow(lang: string, o: OrderListRow) {
  const m = moneyIn(lang);
  return {
    id: o.id,
    number: o.number,
    createdAt: o.createdAt,
    email: o.customerEmail ?? '—',
    status: o.status,
    statusLabel: statusLabel(lang, o.status),
    total: m(o.totalAmount, o.currency),
    fee: m(o.applicationFeeAmount, o.currency),
    refunded: o.amountRefunded ? m(o.amountRefunded, o.currency) : null,
    fulfilment: label(lang, 'orders.fulfilment', o.fulfilmentStatus),
    disputed: o.disputeStatus ? label(lang, 'orders.disputeStatus', o.disputeStatus) : null,
  };
}

export function orderListView(lang: string, page: OrderPage, filter: { status?: string; search?: string }) {
  const params = (after: string) => {
    const q = new URLSearchParams();
    if (filter.status) q.set('status', filter.status);
    if (filter.search) q.set('q', filter.search);
    q.set('after', after);
    return `/dashboard/orders?${q.toString()}`;
  };
  return {
    title: t(lang, 'orders.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    orders: page.orders.map((o) => orderRow(lang, o)),
    nextUrl: page.next ? params(page.next) : null,
    search: filter.search ?? '',
    filtered: Boolean(filter.status || filter.search),
    statuses: [
      ...LISTED_STATUSES.map((s) => ({ value: s, label: statusLabel(lang, s) })),
      {
        value: UNPAID,
        label: t(lang, 'orders.filter.unpaid', {
          list: UNPAID_STATUSES.map((s) => statusLabel(lang, s)).join(', '),
        }),
      },
      ...UNPAID_STATUSES.map((s) => ({ value: s, label: `– ${statusLabel(lang, s)}` })),
    ].map((o) => ({ ...o, selected: o.value === filter.status })),
  };
}

function refundRow(lang: string, r: Refund, orderId: string) {
  return {
    id: r.id,
    href: `/dashboard/orders/${orderId}/refunds/${r.id}`,
    amount: moneyIn(lang)(r.amount, r.currency),
    status: r.status,
    statusLabel: label(lang, 'orders.refundStatus', r.status),
    createdAt: r.createdAt,
    stripeRefundId: r.stripeRefundId,
    source: t(lang, r.createdByUserId ? 'orders.detail.source.dashboard' : 'orders.detail.source.stripe'),
    lastError: r.status === RefundStatus.Failed ? r.lastError : null,
  };
}

export function orderDetailView(
  lang: string,
  detail: OrderDetail,
  refundable: number,
  extra: {
    error?: string;
    notice?: string;
    amount?: string;
    amountError?: string;
    refundBlocked?: string;
    /** The order's shipping not yet refunded: the refund form's "Refund shipping" box. */
    shippingRefundable?: number;
  } = {},
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
    title: t(lang, 'orders.detail.title', { number: o.number }),
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    // Shown once: as the refund section's notice, not again as the form error above it.
    error: extra.error === extra.refundBlocked ? undefined : extra.error,
    notice: extra.notice,
    refundBlocked: extra.refundBlocked,
    amount: extra.amount ?? '',
    amountError: extra.amountError,
    amountHint: t(lang, 'orders.detail.amountHint', { example: moneyInputExample(o.currency) }),
    refundShipping: extra.shippingRefundable
      ? t(lang, 'shipping.refund.checkbox', { amount: m(extra.shippingRefundable, o.currency) })
      : null,
    order: {
      ...orderRow(lang, o),
      subtotal: m(o.totalAmount, o.currency),
      feeRefunded: m(o.feeRefundedAmount, o.currency),
      refundedText: m(o.amountRefunded, o.currency),
      refundable: m(refundable, o.currency),
      net: m(o.totalAmount - o.applicationFeeAmount + o.feeRefundedAmount - o.amountRefunded, o.currency),
      currency: o.currency.toUpperCase(),
      paidAt: o.paidAt,
      trackingNote: o.trackingNote,
      shipping: addressLines(o.shippingAddress, lang),
      // Goods, then the shipping chosen on Checkout (its rate's name), when the order has some.
      goods: m(o.totalAmount - (o.shippingAmount ?? 0), o.currency),
      shippingAmount: o.shippingAmount === null ? null : m(o.shippingAmount, o.currency),
      shippingRateName: o.shippingRateName,
      stripe: [
        ['account', o.stripeAccountId],
        ['session', o.stripeCheckoutSessionId],
        ['paymentIntent', o.stripePaymentIntentId],
        ['charge', o.stripeChargeId],
        ['dispute', o.disputeId],
      ]
        .filter(([, v]) => v)
        .map(([key, value]) => ({ label: t(lang, `orders.detail.stripeIds.${key}`), value })),
      disputeStatus: o.disputeStatus ? label(lang, 'orders.disputeStatus', o.disputeStatus) : null,
      flagReason: o.flaggedAt ? o.flagReason : null,
    },
    items: items.map((i) => ({
      id: i.id,
      // Units not yet put back into stock by a refund ([variants]).
      restockable: i.quantity - i.restockedQuantity,
      restocked: i.restockedQuantity,
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
      label: label(lang, 'orders.event', e.type),
      detail: eventDetail(lang, e.detail, o.currency),
    })),
    refunds: refunds.map((r) => refundRow(lang, r, o.id)),
    canRefund,
    anyRestockable: items.some((i) => i.quantity > i.restockedQuantity),
    fulfilmentMoves: next.map((s) => ({ value: s, label: t(lang, `orders.mark.${s}`) })),
    fulfilmentClosed: FULFILLABLE_STATUSES.includes(o.status)
      ? null
      : t(
          lang,
          o.status === OrderStatus.Refunded ? 'orders.detail.closedRefunded' : 'orders.detail.closedUnpaid',
        ),
  };
}

/** The packing slip of an order: who and where to ship to, and what to pack, without prices. */
export function packingView(lang: string, detail: OrderDetail) {
  const { order: o, items } = detail;
  return {
    title: t(lang, 'orders.packing.title', { number: o.number }),
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    order: {
      id: o.id,
      number: o.number,
      createdAt: o.createdAt,
      address: addressLines(o.shippingAddress, lang),
      rateName: o.shippingRateName,
      email: o.customerEmail,
    },
    lines: items.map((i) => ({ name: i.name, quantity: i.quantity })),
    units: items.reduce((n, i) => n + i.quantity, 0),
  };
}

/** Where a timeline detail's value is translated from: statuses and reasons are codes, a tracking note is the merchant's text. */
const DETAIL_SECTIONS = {
  status: 'orders.disputeStatus',
  to: 'orders.fulfilment',
  reason: 'orders.disputeReason',
  trackingNote: null,
} as const;

function eventDetail(lang: string, detail: Record<string, unknown>, currency: string): string {
  const parts: string[] = [];
  for (const key of ['amount', 'amountRefunded', 'feeRefunded'] as const) {
    const v = detail[key];
    if (typeof v === 'number') parts.push(moneyIn(lang)(v, currency));
  }
  for (const [key, section] of Object.entries(DETAIL_SECTIONS)) {
    const v = detail[key];
    if (typeof v === 'string' && v) parts.push(section ? label(lang, section, v) : v);
  }
  return parts.join(' · ');
}

export function refundView(lang: string, orderNumber: number, orderId: string, r: Refund) {
  return {
    title: t(lang, 'orders.refund.pageTitle', { number: orderNumber }),
    layout: DASHBOARD_LAYOUT,
    section: 'orders',
    orderId,
    orderNumber,
    refund: refundRow(lang, r, orderId),
  };
}

export function moneyView(lang: string, overview: MoneyOverview) {
  const m = moneyIn(lang);
  const currencies = [...new Set([...overview.available, ...overview.pending].map((a) => a.currency))];
  const sum = (list: Array<{ amount: number; currency: string }>, c: string) =>
    list.filter((a) => a.currency === c).reduce((t, a) => t + a.amount, 0);
  return {
    title: t(lang, 'dashboard.money.title'),
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
      status: label(lang, 'dashboard.money.payoutStatus', p.status),
      arrival: p.arrivalDate,
      failureCode: p.failureCode,
    })),
  };
}
