import { Product } from '../../src/catalog/entities/product.entity.js';
import { ReconciliationService } from '../../src/checkout/reconciliation.service.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import {
  CARD,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  Shopper,
} from '../factories/checkout.js';
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
