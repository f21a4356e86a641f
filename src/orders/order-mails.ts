import type { MailMessage } from '../mail/mail.service.js';
import { formatMoney } from '../common/money.js';

export interface MailOrder {
  number: number;
  currency: string;
  totalAmount: number;
  applicationFeeAmount: number;
  items: ReadonlyArray<{ name: string; quantity: number; unitAmount: number }>;
}

const lines = (order: MailOrder) =>
  order.items
    .map((i) => `  ${i.quantity} × ${i.name} — ${formatMoney(i.unitAmount * i.quantity, order.currency)}`)
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

/** To the merchant when an order is paid. */
export function newOrderMail(
  to: string,
  shopName: string,
  order: MailOrder,
  dashboardUrl: string,
): MailMessage {
  return {
    to,
    subject: `New order #${order.number} at ${shopName}: ${formatMoney(order.totalAmount, order.currency)}`,
    text: [
      `You have a new paid order at ${shopName}.`,
      '',
      `Order #${order.number}`,
      lines(order),
      `  Total: ${formatMoney(order.totalAmount, order.currency)}`,
      `  Platform fee: ${formatMoney(order.applicationFeeAmount, order.currency)}`,
      '',
      `See it in your dashboard: ${dashboardUrl}`,
    ].join('\n'),
  };
}
