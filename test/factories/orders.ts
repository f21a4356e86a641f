import request from 'supertest';
import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { onboardedAccount, payOnPage } from '@comptoir/stripe-emulator/test-helpers';
import { OrderItem } from '../../src/orders/entities/order-item.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import type { Shop } from '../../src/tenants/entities/shop.entity.js';
import type { TestEmulator } from '../support/emulator.js';
import type { TestApp } from '../support/test-app.js';

export interface PaidOrder {
  order: Order;
  account: string;
  charge: Stripe.Charge;
  paymentIntent: Stripe.PaymentIntent;
}

/** Gives the shop an onboarded connected account on the emulator (once) and returns its id. */
export async function connectShop(t: TestApp, emu: TestEmulator, shop: Shop): Promise<string> {
  const [row] = await t.db.query<Array<{ stripe_account_id: string | null }>>(
    'SELECT stripe_account_id FROM shop WHERE id = $1',
    [shop.id],
  );
  if (row.stripe_account_id) return row.stripe_account_id;
  const account = await onboardedAccount(emu.emulator, emu.stripe, shop.name);
  await t.db.query('UPDATE shop SET stripe_account_id = $2, stripe_charges_enabled = true WHERE id = $1', [
    shop.id,
    account.id,
  ]);
  shop.stripeAccountId = account.id;
  return account.id;
}

/**
 * A really paid order, as [checkout] will leave it: a Checkout Session on the shop's connected
 * account with the application fee, paid with a test card on the emulator's hosted page, then
 * the `shop_order` row (status paid) with the session, intent and charge ids.
 */
export async function createPaidOrder(
  t: TestApp,
  emu: TestEmulator,
  shop: Shop,
  options: {
    items?: Array<{ name: string; unitAmount: number; quantity: number }>;
    fee?: number;
    card?: string;
    email?: string;
  } = {},
): Promise<PaidOrder> {
  const account = await connectShop(t, emu, shop);
  const opts = { stripeAccount: account };
  const items = options.items ?? [
    { name: 'Teapot', unitAmount: 2500, quantity: 1 },
    { name: 'Cup', unitAmount: 1000, quantity: 2 },
  ];
  const total = items.reduce((s, i) => s + i.unitAmount * i.quantity, 0);
  const fee = options.fee ?? Math.round(total * 0.05) + 25;
  const prices: Stripe.Price[] = [];
  for (const item of items) {
    const product = await emu.stripe.products.create({ name: item.name }, opts);
    prices.push(
      await emu.stripe.prices.create(
        { product: product.id, currency: shop.currency, unit_amount: item.unitAmount },
        opts,
      ),
    );
  }
  const session = await emu.stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: items.map((item, i) => ({ price: prices[i].id, quantity: item.quantity })),
      success_url: 'http://shop.test/thanks?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://shop.test/cart',
      payment_intent_data: { application_fee_amount: fee },
    },
    opts,
  );
  const email = options.email ?? 'shopper@example.com';
  const paid = await payOnPage(session.url!, options.card ?? '4242424242424242', email);
  if (paid.status !== 303) throw new Error(`payment failed on the emulator: ${paid.status}`);
  const done = await emu.stripe.checkout.sessions.retrieve(session.id, {}, opts);
  const paymentIntent = await emu.stripe.paymentIntents.retrieve(done.payment_intent as string, {}, opts);
  const charge = await emu.stripe.charges.retrieve(paymentIntent.latest_charge as string, {}, opts);
  const number = await nextNumber(t.db, shop.id);
  const order = await t.db.transaction(async (manager) => {
    const saved = await manager.save(
      manager.create(Order, {
        shopId: shop.id,
        number,
        status: OrderStatus.Paid,
        currency: shop.currency,
        totalAmount: total,
        applicationFeeAmount: fee,
        customerEmail: email,
        stripeAccountId: account,
        stripeCheckoutSessionId: session.id,
        stripePaymentIntentId: paymentIntent.id,
        stripeChargeId: charge.id,
        paidAt: new Date(),
        shippingAddress: {
          name: 'Ada Shopper',
          line1: '1 rue de la Paix',
          line2: null,
          city: 'Paris',
          postal_code: '75002',
          state: null,
          country: 'FR',
        },
      }),
    );
    await manager.save(
      items.map((item, i) =>
        manager.create(OrderItem, {
          shopId: shop.id,
          orderId: saved.id,
          productId: '00000000-0000-4000-8000-00000000000' + String(i % 10),
          name: item.name,
          unitAmount: item.unitAmount,
          quantity: item.quantity,
          stripePriceId: prices[i].id,
        }),
      ),
    );
    return saved;
  });
  return { order, account, charge, paymentIntent };
}

async function nextNumber(db: DataSource, shopId: string): Promise<number> {
  const [row] = await db.query<Array<{ last_number: number }>>(
    `INSERT INTO shop_order_number (shop_id, last_number) VALUES ($1, 1)
     ON CONFLICT (shop_id) DO UPDATE SET last_number = shop_order_number.last_number + 1
     RETURNING last_number`,
    [shopId],
  );
  return row.last_number;
}

/**
 * `count` orders in one SQL statement (for pagination at scale): one a minute going back from
 * now, every tenth refunded, emails shopper-<n % 1000>@example.com, numbers from `firstNumber`.
 */
export async function createManyOrders(
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

/** Polls `check` until it returns a truthy value (webhooks and jobs run in the background). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `condition not met in ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The app with its workers and its webhook endpoints registered on the emulator, listening. */
export async function waitForEndpoints(emu: TestEmulator): Promise<void> {
  await eventually(async () => (await emu.stripe.webhookEndpoints.list()).data.length >= 2);
}

export const emulatorControl =
  (emu: TestEmulator) =>
  (path: string, body: Record<string, unknown> = {}) =>
    request(emu.emulator.url).post(`/_emulator${path}`).send(body);
