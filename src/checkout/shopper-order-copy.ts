import { OrderStatus } from '../orders/order-status.js';
import { formatMoney } from '../common/money.js';

/** What the shopper's order pages say about a status, the same on the page and in its JSON. */
export interface ShopperStatusCopy {
  /** The order's status, for `data-poll-show` lists (which elements to show in which state). */
  state: OrderStatus;
  heading: string;
  message: string;
  /** Nothing more will change by waiting: the page stops checking. */
  settled: boolean;
}

interface CopyInput {
  status: OrderStatus;
  email: string | null;
  currency: string;
  total: number;
  amountRefunded: number;
}

export function shopperStatusCopy(order: CopyInput): ShopperStatusCopy {
  const settled = (heading: string, message: string) => ({
    state: order.status,
    heading,
    message,
    settled: true,
  });
  switch (order.status) {
    case OrderStatus.Paid:
      return settled(
        'Thank you! Your order is paid.',
        `Payment received.${order.email ? ` A receipt is on its way to ${order.email}.` : ''}`,
      );
    case OrderStatus.Pending:
    case OrderStatus.AwaitingPayment:
      return {
        state: order.status,
        heading: 'Payment processing',
        message:
          'We are waiting for the confirmation of your payment. Some payment methods (such as SEPA debits) take a few days; we will email you.',
        settled: false,
      };
    case OrderStatus.PaymentFailed:
      return settled('Payment failed', 'Your payment did not go through, so nothing was charged.');
    case OrderStatus.Expired:
      return settled('Checkout expired', 'This checkout was not completed and nothing was charged.');
    case OrderStatus.PartiallyRefunded:
      return settled(
        'Order partially refunded',
        `${formatMoney(order.amountRefunded, order.currency)} of ${formatMoney(order.total, order.currency)} was refunded to you. The rest of the order stands.`,
      );
    case OrderStatus.Refunded:
      return settled(
        'Order refunded',
        `This order was refunded in full: ${formatMoney(order.total, order.currency)} back to you.`,
      );
  }
}
