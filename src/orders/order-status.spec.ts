import {
  FulfilmentStatus,
  OrderStatus,
  canMoveFulfilment,
  nextStatus,
  type PaymentTransition,
} from './order-status.js';

const S = OrderStatus;
const completedPaid: PaymentTransition = { kind: 'session_completed', paymentStatus: 'paid' };
const completedUnpaid: PaymentTransition = { kind: 'session_completed', paymentStatus: 'unpaid' };
const completedFree: PaymentTransition = { kind: 'session_completed', paymentStatus: 'no_payment_required' };
const succeeded: PaymentTransition = { kind: 'async_payment_succeeded' };
const failed: PaymentTransition = { kind: 'async_payment_failed' };
const expired: PaymentTransition = { kind: 'session_expired' };
const refund = (amountRefunded: number): PaymentTransition => ({
  kind: 'refunded',
  amountRefunded,
  total: 1000,
});

describe('nextStatus', () => {
  it.each([
    [S.Pending, completedPaid, S.Paid],
    [S.Pending, completedUnpaid, S.AwaitingPayment],
    [S.Pending, completedFree, S.Paid],
    [S.AwaitingPayment, succeeded, S.Paid],
    [S.AwaitingPayment, failed, S.PaymentFailed],
    [S.Pending, succeeded, S.Paid], // async event overtook session.completed
    [S.Pending, failed, S.PaymentFailed],
    [S.Pending, expired, S.Expired],
    [S.Paid, refund(300), S.PartiallyRefunded],
    [S.Paid, refund(1000), S.Refunded],
    [S.PartiallyRefunded, refund(1000), S.Refunded],
  ])('%s + %j → %s', (from, transition, to) => {
    expect(nextStatus(from, transition)).toBe(to);
  });

  it.each([
    [S.Paid, completedUnpaid], // a late completed event never moves a paid order back
    [S.Paid, completedPaid],
    [S.AwaitingPayment, completedPaid],
    [S.Paid, failed],
    [S.PaymentFailed, succeeded],
    [S.Paid, expired],
    [S.AwaitingPayment, expired],
    [S.Expired, completedPaid],
    [S.Refunded, refund(300)], // an older, smaller cumulative total arriving late
    [S.PartiallyRefunded, refund(300)],
    [S.Pending, refund(300)],
    [S.Paid, refund(0)],
  ])('%s + %j → no change', (from, transition) => {
    expect(nextStatus(from, transition)).toBeUndefined();
  });
});

describe('canMoveFulfilment', () => {
  it('moves forward only', () => {
    expect(canMoveFulfilment(FulfilmentStatus.Unfulfilled, FulfilmentStatus.Fulfilled)).toBe(true);
    expect(canMoveFulfilment(FulfilmentStatus.Unfulfilled, FulfilmentStatus.Shipped)).toBe(true);
    expect(canMoveFulfilment(FulfilmentStatus.Shipped, FulfilmentStatus.Fulfilled)).toBe(false);
    expect(canMoveFulfilment(FulfilmentStatus.Fulfilled, FulfilmentStatus.Fulfilled)).toBe(false);
  });
});
