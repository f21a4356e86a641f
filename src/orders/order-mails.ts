import type { MailMessage } from '../mail/mail.service.js';
import { intlLocale } from '../common/intl-locale.js';
import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';
import type { ShippingAddress } from './entities/order.entity.js';
import { addressLines } from './shipping-address.js';

export interface MailOrder {
  number: number;
  /** The shopper's language (the order's): the shopper's mails are written in it. */
  language: string;
  currency: string;
  totalAmount: number;
  applicationFeeAmount: number;
  items: ReadonlyArray<{ name: string; quantity: number; unitAmount: number }>;
  /** The shipping chosen on Checkout (null or absent: none), and where it goes. */
  shippingAmount?: number | null;
  shippingRateName?: string | null;
  shippingAddress?: ShippingAddress | null;
}

/** Goods subtotal and shipping lines (before the total), and the delivery address block. */
const shippingLines = (order: MailOrder, lang: string): string[] => {
  if (order.shippingAmount === null || order.shippingAmount === undefined) return [];
  const money = (amount: number) => formatMoney(amount, order.currency, intlLocale(lang));
  const goods = order.totalAmount - order.shippingAmount;
  return [
    `  ${t(lang, 'shipping.mail.goods', { amount: money(goods) })}`,
    `  ${
      order.shippingRateName
        ? t(lang, 'shipping.mail.shipping', {
            rate: order.shippingRateName,
            amount: money(order.shippingAmount),
          })
        : t(lang, 'shipping.mail.shippingPlain', { amount: money(order.shippingAmount) })
    }`,
  ];
};

const addressBlock = (order: MailOrder, lang: string): string[] => {
  const address = addressLines(order.shippingAddress ?? null, lang);
  return address ? ['', t(lang, 'shipping.mail.deliverTo'), ...address.map((l) => `  ${l}`)] : [];
};

const lines = (order: MailOrder, lang = 'en') =>
  order.items
    .map(
      (i) =>
        `  ${i.quantity} × ${i.name} — ${formatMoney(i.unitAmount * i.quantity, order.currency, intlLocale(lang))}`,
    )
    .join('\n');

/**
 * To the shopper when the order is paid: the shop's order number and the private status link.
 * In `lang`, the order's language (catalog keys `shopperMail.*`).
 */
export function receiptMail(
  to: string,
  shopName: string,
  order: MailOrder,
  statusUrl: string,
  lang: string,
): MailMessage {
  const values = { shop: shopName, number: order.number };
  return {
    to,
    subject: t(lang, 'shopperMail.receipt.subject', values),
    text: [
      t(lang, 'shopperMail.receipt.intro', values),
      '',
      t(lang, 'shopperMail.orderNumber', values),
      lines(order, lang),
      ...shippingLines(order, lang),
      `  ${t(lang, 'shopperMail.total', { total: formatMoney(order.totalAmount, order.currency, intlLocale(lang)) })}`,
      ...addressBlock(order, lang),
      '',
      t(lang, 'shopperMail.receipt.follow'),
      statusUrl,
    ].join('\n'),
  };
}

/** To the shopper when a delayed payment (a SEPA debit) failed: nothing was charged. In `lang`. */
export function paymentFailedMail(
  to: string,
  shopName: string,
  order: MailOrder,
  statusUrl: string,
  shopUrl: string,
  lang: string,
): MailMessage {
  const values = { shop: shopName, number: order.number };
  return {
    to,
    subject: t(lang, 'shopperMail.paymentFailed.subject', values),
    text: [
      t(lang, 'shopperMail.paymentFailed.intro', values),
      '',
      lines(order, lang),
      `  ${t(lang, 'shopperMail.total', { total: formatMoney(order.totalAmount, order.currency, intlLocale(lang)) })}`,
      '',
      t(lang, 'shopperMail.paymentFailed.again', { url: shopUrl }),
      t(lang, 'shopperMail.paymentFailed.status', { url: statusUrl }),
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
  const money = (amount: number) => formatMoney(amount, order.currency, intlLocale(lang));
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
      ...shippingLines(order, lang),
      `  ${t(lang, 'merchantMail.newOrder.total', { amount: money(order.totalAmount) })}`,
      `  ${t(lang, 'merchantMail.newOrder.fee', { amount: money(order.applicationFeeAmount) })}`,
      '',
      t(lang, 'merchantMail.newOrder.link', { url: dashboardUrl }),
    ].join('\n'),
  };
}
