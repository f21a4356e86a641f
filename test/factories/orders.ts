import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { payOnPage } from '@comptoir/stripe-emulator/test-helpers';
import type { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import type { Shop } from '../../src/tenants/entities/shop.entity.js';
import type { TestEmulator } from '../support/emulator.js';
import type { TestApp } from '../support/test-app.js';
import { createProduct } from './catalog.js';
import {
  connectShop,
  orderBySession,
  sessionIdOf,
  Shopper,
  syncedProduct,
  waitForStatus,
} from './checkout.js';

export interface PaidOrder {
  order: Order;
  account: string;
  charge: Stripe.Charge;
  paymentIntent: Stripe.PaymentIntent;
}

const DEFAULT_ITEMS = [
  { name: 'Teapot', unitAmount: 2500, quantity: 1 },
  { name: 'Cup', unitAmount: 1000, quantity: 2 },
];

/** Each shop's products by name and amount, so repeated orders buy the same ones. */
const productsMade = new Map<string, Promise<string>>();

function productFor(t: TestApp, shop: Shop, item: { name: string; unitAmount: number }): Promise<string> {
  const key = `${shop.id}:${item.name}:${item.unitAmount}`;
  let made = productsMade.get(key);
  if (!made) {
    made = createProduct(t, shop.id, {
      name: item.name,
      price: (item.unitAmount / 100).toFixed(2),
      publish: true,
    }).then(async (p) => (await syncedProduct(t, p.id)).id);
    productsMade.set(key, made);
  }
  return made;
}

/**
 * A really paid order, made the way a shopper makes one: the shop gets an onboarded connected
 * account, published products synced to it; the cart on the shop's host, the checkout POST
 * (303 to the emulator's hosted page), a test card paid on that page, and the app's webhook
 * handler marks the order paid. Needs `stripeApp()` with its webhooks (the default).
 * Several may run at once (each is its own shopper).
 */
export async function createPaidOrder(
  t: TestApp,
  emu: TestEmulator,
  shop: Shop,
  options: {
    items?: Array<{ name: string; unitAmount: number; quantity: number }>;
    card?: string;
    email?: string;
  } = {},
): Promise<PaidOrder> {
  const account = await connectShop(t, emu, shop.id);
  shop.stripeAccountId = account;
  const items = options.items ?? DEFAULT_ITEMS;
  const productIds = await Promise.all(items.map((item) => productFor(t, shop, item)));
  const shopper = new Shopper(t, shop.slug);
  for (const [i, item] of items.entries()) await shopper.add(productIds[i], item.quantity);
  const email = options.email ?? 'shopper@example.com';
  const sessionUrl = await shopper.checkout(email);
  const pending = await orderBySession(t, sessionIdOf(sessionUrl));
  const paid = await payOnPage(sessionUrl, options.card ?? '4242424242424242', email);
  if (paid.status !== 303) throw new Error(`payment failed on the emulator: ${paid.status}`);
  const order = await waitForStatus(t, pending.id, OrderStatus.Paid);
  const opts = { stripeAccount: account };
  const paymentIntent = await emu.stripe.paymentIntents.retrieve(order.stripePaymentIntentId!, {}, opts);
  const charge = await emu.stripe.charges.retrieve(paymentIntent.latest_charge as string, {}, opts);
  return { order, account, charge, paymentIntent };
}

/**
 * Seeds `count` orders in one SQL statement (for pagination at scale, which the checkout path
 * cannot make quickly): one a minute going back from now, every tenth refunded, emails
 * shopper-<n % 1000>@example.com, numbers from `firstNumber`.
 */
export async function seedManyOrders(
  db: DataSource,
  shop: Pick<Shop, 'id' | 'currency'>,
  count: number,
  firstNumber = 1,
): Promise<void> {
  await db.query(
    `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                             customer_email, created_at, paid_at)
     SELECT $1, n,
            CASE WHEN n % 10 = 0 THEN 'refunded' ELSE 'paid' END,
            $2, 1000 + n % 500, 75,
            'shopper-' || (n % 1000) || '@example.com',
            now() - (n * interval '1 minute'), now() - (n * interval '1 minute')
       FROM generate_series($3::int, $4::int) AS n`,
    [shop.id, shop.currency, firstNumber, firstNumber + count - 1],
  );
  await db.query(
    `INSERT INTO shop_order_number (shop_id, last_number) VALUES ($1, $2)
     ON CONFLICT (shop_id) DO UPDATE SET last_number = GREATEST(shop_order_number.last_number, $2)`,
    [shop.id, firstNumber + count - 1],
  );
  await db.query('ANALYZE shop_order');
}
