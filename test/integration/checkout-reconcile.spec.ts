import { Product } from '../../src/catalog/entities/product.entity.js';
import { ReconciliationService } from '../../src/checkout/reconciliation.service.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import {
  ADDRESS,
  CARD,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
} from '../factories/checkout.js';
import { addZone } from '../factories/shipping.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

describe('Checkout reconciliation: orders whose events never arrived', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    // No webhook endpoint is registered on the emulator: Stripe's events never reach this app.
    ({ emu: s, t } = await stripeApp({ webhooks: false, listen: false, emulator: { completionWaitMs: 0 } }));
  }, 60_000);
  const status = async (id: string) => (await t.db.getRepository(Order).findOneByOrFail({ id })).status;
  const stockOf = async (id: string) => (await t.db.getRepository(Product).findOneByOrFail({ id })).stock;

  // First: the other test moves the emulator's clock past every session's expiry.
  it('a paid session with shipping: reconciliation checks the chosen rate against the offer and lands it, as the event would', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Chair', price: '80.00' }] });
    await setShop(t, shop.shop.id, { shipsPhysicalGoods: true });
    await addZone(
      t,
      shop.shop.id,
      ['FR', 'BE'],
      [
        { kind: 'fixed', name: 'Standard', amount: 490 },
        { kind: 'fixed', name: 'Express', amount: 990 },
      ],
    );
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout('chair@example.com', 'FR');
    const order = await orderBySession(t, sessionIdOf(url));
    const session = await s.stripe.checkout.sessions.retrieve(
      sessionIdOf(url),
      {},
      { stripeAccount: shop.account },
    );
    const express = session.shipping_options[1].shipping_rate as string;
    await payOnEmulator(url, { ...CARD('4242424242424242', 'chair@example.com'), ...ADDRESS('FR', express) });

    const service = t.app.get(ReconciliationService);
    expect(await service.run({ afterMinutes: 0 })).toMatchObject({ changed: 1, failed: 0 });
    const paid = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
    expect(paid).toMatchObject({
      status: OrderStatus.Paid,
      flagReason: null,
      totalAmount: 8990,
      shippingAmount: 990,
      shippingRateName: 'Express',
      applicationFeeAmount: 425, // 5 % of 8000 + 25
      shippingAddress: expect.objectContaining({ city: 'Paris', country: 'FR' }) as unknown,
    });
    expect(await service.run({ afterMinutes: 0 })).toMatchObject({ changed: 0 });
  }, 60_000);

  it('applies the true state of paid, failed-SEPA and expired sessions once, and changes nothing on a re-run', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Honey', price: '11.00', stock: '10' }] });
    const [honey] = shop.products;
    const checkout = async (quantity: number, email: string) => {
      const shopper = new Shopper(t, shop.shop.slug);
      await shopper.add(honey.id, quantity);
      const url = await shopper.checkout(email);
      return { url, order: await orderBySession(t, sessionIdOf(url)) };
    };
    const paid = await checkout(1, 'card@example.com');
    const sepa = await checkout(2, 'sepa@example.com');
    const open = await checkout(3, 'open@example.com');
    await payOnEmulator(paid.url, CARD('4242424242424242', 'card@example.com'));
    await payOnEmulator(
      sepa.url,
      { email: 'sepa@example.com', account_holder: 'S', iban: 'AT861904300235473202' },
      '/sepa',
    );
    s.emulator.advanceClock(6);
    expect(await stockOf(honey.id)).toBe(4);

    const service = t.app.get(ReconciliationService);
    // Too young for the default RECONCILE_AFTER_MINUTES: left alone.
    expect(await service.run()).toEqual({ checked: 0, changed: 0, failed: 0 });
    expect(await service.run({ afterMinutes: 0 })).toEqual({ checked: 3, changed: 2, failed: 0 });
    expect(await status(paid.order.id)).toBe(OrderStatus.Paid);
    expect(await status(sepa.order.id)).toBe(OrderStatus.PaymentFailed);
    expect(await status(open.order.id)).toBe(OrderStatus.Pending);
    expect(await stockOf(honey.id)).toBe(6);

    s.emulator.advanceClock(32 * 60);
    expect(await service.run({ afterMinutes: 0 })).toEqual({ checked: 1, changed: 1, failed: 0 });
    expect(await status(open.order.id)).toBe(OrderStatus.Expired);
    expect(await stockOf(honey.id)).toBe(9);

    // Safe to re-run: nothing left to do, no second mail.
    expect(await service.run({ afterMinutes: 0 })).toEqual({ checked: 0, changed: 0, failed: 0 });
    const mails = await t.db.getRepository(OutboxMail).find();
    expect(mails.filter((m) => m.to === 'card@example.com').map((m) => m.subject)).toEqual([
      `Your order #${paid.order.number} at ${shop.shop.name}`,
    ]);
    expect(mails.filter((m) => m.to === 'sepa@example.com')).toHaveLength(1);
    expect(mails.filter((m) => m.to === shop.email)).toHaveLength(1);
  }, 60_000);
});
