import type Stripe from 'stripe';
import { Order } from '../../src/orders/entities/order.entity.js';
import { Refund, RefundStatus } from '../../src/orders/entities/refund.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { RefundsService } from '../../src/orders/refunds.service.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { toShopContext } from '../../src/tenants/shop-context.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

// Orders of 45.00 € (25 + 2 × 10), fee 2.50 €.
describe('orders: refunds', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;
  let control: StripeApp['control'];

  beforeAll(async () => {
    ({ emu, t, control } = await stripeApp());
    merchant = await createMerchant(t);
    agent = await loginAgent(t, merchant);
  });

  const refundRequests = () => emu.emulator.control.requests({ path: '/v1/refunds', method: 'POST' });
  const reload = (id: string) => t.db.manager.findOneByOrFail(Order, { id });
  const refundsOf = (orderId: string) =>
    t.db.manager.find(Refund, { where: { orderId }, order: { createdAt: 'ASC' } });
  const stripeRefunds = async (paid: { account: string; paymentIntent: Stripe.PaymentIntent }) =>
    (
      await emu.stripe.refunds.list(
        { payment_intent: paid.paymentIntent.id },
        { stripeAccount: paid.account },
      )
    ).data;

  it('refunds part, then the rest; the order shows each step and Stripe has both refunds', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '10.00' }).expect(303);
    let page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
    expect(page.text).toContain('partially refunded');
    expect((await reload(paid.order.id)).amountRefunded).toBe(1000);

    // The recorded request: the shop's account, our idempotency key, the fee policy.
    const [first] = await refundsOf(paid.order.id);
    const mine = refundRequests().find((r) => r.idempotencyKey === `refund:${first.id}`)!;
    expect(mine.account).toBe(paid.account);
    expect(mine.params).toMatchObject({
      payment_intent: paid.paymentIntent.id,
      amount: '1000',
      refund_application_fee: 'true',
    });

    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '35' }).expect(303);
    const order = await reload(paid.order.id);
    expect(order).toMatchObject({ status: OrderStatus.Refunded, amountRefunded: 4500 });
    expect((await stripeRefunds(paid)).map((r) => r.amount).sort()).toEqual([1000, 3500]);
    // The platform fee comes back with the refunds (policy default), as application_fee.refunded says.
    await eventually(async () => (await reload(paid.order.id)).feeRefundedAmount === 250);
    page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
    expect(page.text).toContain('Refund succeeded');
    expect(page.text).toContain('Nothing can be refunded');
  });

  it('refuses more than what remains, with a clear message, and calls Stripe for nothing', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '40' }).expect(303);
    const res = await agent
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '5.01' })
      .expect(422);
    expect(res.text).toContain('You can refund at most €5.00 on this order');
    expect(await stripeRefunds(paid)).toHaveLength(1);
    const bad = await agent
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: 'lots' })
      .expect(422);
    expect(bad.text).toContain('Enter the amount to refund');
  });

  it('two refunds at once never exceed the total', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    const results = await Promise.all(
      [0, 1, 2].map(() => agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '30' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 422, 422]);
    expect((await stripeRefunds(paid)).map((r) => r.amount)).toEqual([3000]);
    expect((await reload(paid.order.id)).amountRefunded).toBe(3000);
  });

  it('a refund made directly on Stripe shows up on the order', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await emu.stripe.refunds.create({ charge: paid.charge.id, amount: 700 }, { stripeAccount: paid.account });
    const order = await eventually(async () => {
      const o = await reload(paid.order.id);
      return o.amountRefunded === 700 ? o : undefined;
    });
    expect(order.status).toBe(OrderStatus.PartiallyRefunded);
    const [row] = await refundsOf(paid.order.id);
    expect(row).toMatchObject({ amount: 700, status: RefundStatus.Succeeded, createdByUserId: null });
    const page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
    expect(page.text).toContain('Refund made in Stripe');
    expect(page.text).toContain('€38.00'); // what can still be refunded
  });

  it('Stripe outage (500 on every attempt): pending retry, then the job retries with the same key → one refund', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await control('/faults', { path: '/v1/refunds', method: 'POST', kind: 'error_500', count: 10 }).expect(
      200,
    );
    const res = await agent
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '12.00' })
      .expect(303);
    expect(res.headers.location).toContain('done=retry');
    let [row] = await refundsOf(paid.order.id);
    expect(row.status).toBe(RefundStatus.PendingRetry);
    const page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
    expect(page.text).toContain('pending retry');
    // While it waits, its amount stays reserved.
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '34' }).expect(422);

    // Stripe is back; the retry job runs (now instead of in 15 s).
    await control('/faults/clear').expect(200);
    await t.app.get(RefundsService).retry(merchant.shop.id, row.id);
    [row] = await refundsOf(paid.order.id);
    expect(row.status).toBe(RefundStatus.Succeeded);
    expect((await stripeRefunds(paid)).map((r) => r.amount)).toEqual([1200]);
    expect((await reload(paid.order.id)).amountRefunded).toBe(1200);
    const attempts = refundRequests().filter((r) => r.idempotencyKey === `refund:${row.id}`);
    expect(attempts.length).toBeGreaterThan(3); // the SDK's tries and the job's, one key
  });

  it('connection reset after Stripe made the refund: retried with the same key, still one refund', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await control('/faults', { path: '/v1/refunds', method: 'POST', kind: 'reset', count: 10 }).expect(200);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '12.00' }).expect(303);
    let [row] = await refundsOf(paid.order.id);
    // Stripe did refund; its charge.refunded event may already have settled our row.
    expect([RefundStatus.PendingRetry, RefundStatus.Succeeded]).toContain(row.status);
    await control('/faults/clear').expect(200);
    await t.app.get(RefundsService).retry(merchant.shop.id, row.id);
    // Idempotent whichever came first: a second run changes nothing.
    await t.app.get(RefundsService).retry(merchant.shop.id, row.id);
    [row] = await eventually(async () => {
      const rows = await refundsOf(paid.order.id);
      return rows[0]?.status === RefundStatus.Succeeded ? rows : undefined;
    });
    expect(row.stripeRefundId).toMatch(/^re_/);
    expect((await stripeRefunds(paid)).map((r) => r.amount)).toEqual([1200]);
    expect(await refundsOf(paid.order.id)).toHaveLength(1);
    expect((await reload(paid.order.id)).amountRefunded).toBe(1200);
  });

  it('a refund that fails later (card 5126) gives the amount back to the order', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop, { card: '4000000000005126' });
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '5' }).expect(303);
    expect((await reload(paid.order.id)).amountRefunded).toBe(500);
    emu.emulator.advanceClock(6);
    await eventually(async () => (await refundsOf(paid.order.id))[0]?.status === RefundStatus.Failed);
    expect((await reload(paid.order.id)).amountRefunded).toBe(0);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '45' }).expect(303);
  });

  it("another merchant's order or refund is 404 on every route", async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1' }).expect(303);
    const [refund] = await refundsOf(paid.order.id);
    const other = await createMerchant(t);
    const intruder = await loginAgent(t, other);
    const base = `/dashboard/orders/${paid.order.id}`;
    await intruder.get(base).expect(404);
    await intruder.get(`${base}/refunds/${refund.id}`).expect(404);
    await intruder.post(`${base}/refunds`, { amount: '1' }).expect(404);
    await intruder.post(`${base}/fulfilment`, { status: 'fulfilled' }).expect(404);
    await intruder.get('/dashboard/orders/not-a-uuid').expect(404);
    const list = await intruder.get(`/dashboard/orders?q=${paid.order.number}`).expect(200);
    expect(list.text).not.toContain(paid.order.id);
    // The owner sees them; the service refuses the other shop too.
    await agent.get(`${base}/refunds/${refund.id}`).expect(200);
    const otherShop = toShopContext(other.shop);
    await expect(
      t.app.get(RefundsService).requestRefund(otherShop, other.user, paid.order.id, 100),
    ).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(await stripeRefunds(paid)).toHaveLength(1);
  });

  describe('on a shop whose Stripe account was disconnected', () => {
    const DISCONNECTED = 'Your Stripe account is disconnected: reconnect it to refund.';
    const RAW = 'does not have access to account';
    /** A paid order, then the merchant revokes the platform's access (the event reaches us). */
    const disconnectedOrder = async () => {
      const owner = await createMerchant(t);
      const paid = await createPaidOrder(t, emu, owner.shop);
      await control(`/accounts/${paid.account}/deauthorize`).expect(200);
      await eventually(
        async () => (await t.db.manager.findOneByOrFail(Shop, { id: owner.shop.id })).stripeDisconnectedAt,
      );
      return { owner, paid, agent: await loginAgent(t, owner) };
    };
    const refundForm = (orderId: string) => `action='/dashboard/orders/${orderId}/refunds'`;

    it('the order page hides the refund form and says to reconnect; a refund posted anyway changes nothing', async () => {
      const { paid, agent: owner } = await disconnectedOrder();
      const page = await owner.get(`/dashboard/orders/${paid.order.id}`).expect(200);
      expect(page.text).toContain(DISCONNECTED);
      expect(page.text).not.toContain(refundForm(paid.order.id));

      const res = await owner.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '10.00' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(DISCONNECTED);
      expect(res.text).not.toContain(RAW);
      expect(res.text).not.toContain(refundForm(paid.order.id));
      expect(await refundsOf(paid.order.id)).toEqual([]);
      expect(await reload(paid.order.id)).toMatchObject({ status: OrderStatus.Paid, amountRefunded: 0 });
      expect(refundRequests().filter((r) => r.account === paid.account)).toEqual([]);
    });

    it('Stripe says so before its event reached us: our message, the form hidden, Stripe’s text on no page', async () => {
      const { owner, paid, agent: ownerAgent } = await disconnectedOrder();
      // As if account.application.deauthorized had not arrived yet.
      await t.db.manager.update(Shop, { id: owner.shop.id }, { stripeDisconnectedAt: null });

      const res = await ownerAgent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '10.00' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(DISCONNECTED);
      expect(res.text).not.toContain(RAW);
      expect(res.text).not.toContain(refundForm(paid.order.id));
      // Stripe refused: the reservation is freed, the order's money and status are as they were.
      const [refund] = await refundsOf(paid.order.id);
      expect(refund).toMatchObject({ status: RefundStatus.Failed, lastError: DISCONNECTED });
      expect(await reload(paid.order.id)).toMatchObject({ status: OrderStatus.Paid, amountRefunded: 0 });
      for (const path of [
        `/dashboard/orders/${paid.order.id}`,
        `/dashboard/orders/${paid.order.id}/refunds/${refund.id}`,
      ]) {
        const page = await ownerAgent.get(path).expect(200);
        expect(page.text).not.toContain(RAW);
      }
    });
  });
});
