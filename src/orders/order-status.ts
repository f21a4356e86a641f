/**
 * The order's payment status and the only ways it moves. It moves on Stripe's events (or on
 * reconciliation, which applies the same events) and never backwards: a late or duplicate
 * event that would move it back is a no-op, not an error.
 *
 *   pending ─ completed (paid) ──────────────► paid ─ refund ─► partially_refunded ─► refunded
 *      │    └ completed (unpaid) ► awaiting_payment ─ async succeeded ─► paid
 *      │                                    └──────── async failed ──► payment_failed
 *      └─ session expired ─► expired
 */
export enum OrderStatus {
  Pending = 'pending',
  AwaitingPayment = 'awaiting_payment',
  Paid = 'paid',
  PaymentFailed = 'payment_failed',
  Expired = 'expired',
  PartiallyRefunded = 'partially_refunded',
  Refunded = 'refunded',
}

export enum FulfilmentStatus {
  Unfulfilled = 'unfulfilled',
  Fulfilled = 'fulfilled',
  Shipped = 'shipped',
}

export type PaymentTransition =
  | { kind: 'session_completed'; paymentStatus: 'paid' | 'unpaid' | 'no_payment_required' }
  | { kind: 'async_payment_succeeded' }
  | { kind: 'async_payment_failed' }
  | { kind: 'session_expired' }
  /** Cumulative refunded amount as Stripe reports it (charge.amount_refunded). */
  | { kind: 'refunded'; amountRefunded: number; total: number };

/** The status after `transition`, or `undefined` when it does not apply (never backwards). */
export function nextStatus(current: OrderStatus, transition: PaymentTransition): OrderStatus | undefined {
  switch (transition.kind) {
    case 'session_completed':
      if (current !== OrderStatus.Pending) return undefined;
      return transition.paymentStatus === 'unpaid' ? OrderStatus.AwaitingPayment : OrderStatus.Paid;
    case 'async_payment_succeeded':
      return current === OrderStatus.Pending || current === OrderStatus.AwaitingPayment
        ? OrderStatus.Paid
        : undefined;
    case 'async_payment_failed':
      return current === OrderStatus.Pending || current === OrderStatus.AwaitingPayment
        ? OrderStatus.PaymentFailed
        : undefined;
    case 'session_expired':
      return current === OrderStatus.Pending ? OrderStatus.Expired : undefined;
    case 'refunded': {
      if (![OrderStatus.Paid, OrderStatus.PartiallyRefunded].includes(current)) return undefined;
      if (transition.amountRefunded <= 0) return undefined;
      const target =
        transition.amountRefunded >= transition.total ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
      return target === current ? undefined : target;
    }
  }
}

const FULFILMENT_ORDER = [FulfilmentStatus.Unfulfilled, FulfilmentStatus.Fulfilled, FulfilmentStatus.Shipped];

/** Fulfilment is the merchant's to move, forward only. */
export function canMoveFulfilment(from: FulfilmentStatus, to: FulfilmentStatus): boolean {
  return FULFILMENT_ORDER.indexOf(to) > FULFILMENT_ORDER.indexOf(from);
}

/** Statuses in which money was taken (counted in sales). */
export const PAID_STATUSES: readonly OrderStatus[] = [
  OrderStatus.Paid,
  OrderStatus.PartiallyRefunded,
  OrderStatus.Refunded,
];

/** Fulfilment moves only on these: money taken and not all of it returned. */
export const FULFILLABLE_STATUSES: readonly OrderStatus[] = [OrderStatus.Paid, OrderStatus.PartiallyRefunded];

/**
 * The order list without a status filter: orders a merchant acts on or accounts for. Abandoned
 * or failed checkouts (UNPAID_STATUSES) have their own filter, so they never bury real orders.
 */
export const LISTED_STATUSES: readonly OrderStatus[] = [
  OrderStatus.Paid,
  OrderStatus.PartiallyRefunded,
  OrderStatus.Refunded,
  OrderStatus.AwaitingPayment,
];

/** Checkouts that never took money: the list's "Unpaid" filter. */
export const UNPAID_STATUSES: readonly OrderStatus[] = [
  OrderStatus.Pending,
  OrderStatus.Expired,
  OrderStatus.PaymentFailed,
];

/**
 * `status IN (…)` for a fixed list of statuses, as SQL literals: the partial indexes of the order
 * list are declared with these predicates and the list's query repeats them verbatim, so the
 * planner can prove it may use the index (a bound parameter would not do).
 */
function statusPredicate(statuses: readonly OrderStatus[]): string {
  return `status IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
}
export const LISTED_PREDICATE = statusPredicate(LISTED_STATUSES);
export const UNPAID_PREDICATE = statusPredicate(UNPAID_STATUSES);
