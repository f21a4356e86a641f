import { OrderStatus } from '../orders/order-status.js';
import { intlLocale } from '../common/intl-locale.js';
import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';

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

/** The copy in `lang`, the order's language (catalog keys `storefront.order.status.*`). */
export function shopperStatusCopy(order: CopyInput, lang: string): ShopperStatusCopy {
  const money = (amount: number) => formatMoney(amount, order.currency, intlLocale(lang));
  const copy = (key: string, values: Record<string, unknown> = {}, settled = true) => ({
    state: order.status,
    heading: t(lang, `storefront.order.status.${key}.heading`),
    message: t(lang, `storefront.order.status.${key}.message`, values),
    settled,
  });
  switch (order.status) {
    case OrderStatus.Paid:
      return order.email ? copy('paidReceipt', { email: order.email }) : copy('paid');
    case OrderStatus.Pending:
    case OrderStatus.AwaitingPayment:
      return copy('processing', {}, false);
    case OrderStatus.PaymentFailed:
      return copy('paymentFailed');
    case OrderStatus.Expired:
      return copy('expired');
    case OrderStatus.PartiallyRefunded:
      return copy('partiallyRefunded', {
        refunded: money(order.amountRefunded),
        total: money(order.total),
      });
    case OrderStatus.Refunded:
      return copy('refunded', { total: money(order.total) });
  }
}
