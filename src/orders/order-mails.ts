import type { MailMessage } from '../mail/mail.service.js';
import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';

export interface MailOrder {
  number: number;
  currency: string;
  totalAmount: number;
  applicationFeeAmount: number;
  items: ReadonlyArray<{ name: string; quantity: number; unitAmount: number }>;
}

const lines = (order: MailOrder, lang = 'en') =>
  order.items
    .map(
      (i) => `  ${i.quantity} × ${i.name} — ${formatMoney(i.unitAmount * i.quantity, order.currency, lang)}`,
    )
    .join('\n');

/** To the shopper when the order is paid: the shop's order number and the private status link. */
export function receiptMail(to: string, shopName: string, order: MailOrder, statusUrl: string): MailMessage {
  return {
    to,
    subject: `Your order #${order.number} at ${shopName}`,
    text: [
      `Thank you for your order at ${shopName}. Your payment was received.`,
      '',
      `Order #${order.number}`,
      lines(order),
      `  Total: ${formatMoney(order.totalAmount, order.currency)}`,
      '',
      `Follow your order here (keep this link to yourself):`,
      statusUrl,
    ].join('\n'),
  };
}

/** To the shopper when a delayed payment (a SEPA debit) failed: nothing was charged. */
export function paymentFailedMail(
  to: string,
  shopName: string,
  order: MailOrder,
  statusUrl: string,
  shopUrl: string,
): MailMessage {
  return {
    to,
    subject: `Payment failed for your order #${order.number} at ${shopName}`,
    text: [
      `The payment for your order #${order.number} at ${shopName} did not go through, so the order is cancelled and nothing was charged.`,
      '',
      lines(order),
      `  Total: ${formatMoney(order.totalAmount, order.currency)}`,
      '',
      `You can order again at ${shopUrl} with another payment method.`,
      `Order status: ${statusUrl}`,
    ].join('\n'),
  };
}

/** To the merchant when an order is paid, in their language (`lang`). */
export function newOrderMail(
  to: string,
  lang: string,
  shopName: string,
  order: MailOrder,
  dashboardUrl: string,
): MailMessage {
  const money = (amount: number) => formatMoney(amount, order.currency, lang);
  return {
    to,
    subject: t(lang, 'merchantMail.newOrder.subject', {
      number: order.number,
      shop: shopName,
      total: money(order.totalAmount),
    }),
    text: [
      t(lang, 'merchantMail.newOrder.intro', { shop: shopName }),
      '',
      t(lang, 'merchantMail.newOrder.order', { number: order.number }),
      lines(order, lang),
      `  ${t(lang, 'merchantMail.newOrder.total', { amount: money(order.totalAmount) })}`,
      `  ${t(lang, 'merchantMail.newOrder.fee', { amount: money(order.applicationFeeAmount) })}`,
      '',
      t(lang, 'merchantMail.newOrder.link', { url: dashboardUrl }),
    ].join('\n'),
  };
}
