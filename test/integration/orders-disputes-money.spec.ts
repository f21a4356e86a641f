import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus, PAID_STATUSES } from '../../src/orders/order-status.js';
import { formatMoney } from '../../src/common/money.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { createPaidOrder, emulatorControl, eventually, waitForEndpoints } from '../factories/orders.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('orders: disputes, fulfilment, balance and the sales chart', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;
  let control: ReturnType<typeof emulatorControl>;

  beforeAll(async () => {
    emu = await startTestEmulator();
    t = await createTestApp({
      env: { ...emu.env, WEBHOOK_ENDPOINT_SETUP: 'true' },
      listen: true,
      workers: true,
    });
    await waitForEndpoints(emu);
    control = emulatorControl(emu);
    merchant = await createMerchant(t);
    agent = await loginAgent(t, merchant);
  });
  afterAll(async () => {
    await t?.close();
    await emu?.close();
  });

  const reload = (id: string) => t.db.manager.findOneByOrFail(Order, { id });
  const mailsTo = (to: string) =>
    t.db.manager.find(OutboxMail, { where: { to }, order: { createdAt: 'ASC' } });

  it.each(['won', 'lost'])(
    'a dispute flags the order, mails the merchant, and records %s',
    async (outcome) => {
      const paid = await createPaidOrder(t, emu, merchant.shop);
      const opened = await control(`/charges/${paid.charge.id}/dispute`, { reason: 'fraudulent' }).expect(
        200,
      );
      const disputeId = (opened.body as { id: string }).id;
      const flagged = await eventually(async () => {
        const o = await reload(paid.order.id);
        return o.disputeId === disputeId ? o : undefined;
      });
      expect(flagged.disputeStatus).toBe('needs_response');
      const mails = await eventually(async () => {
        const m = await mailsTo(merchant.email);
        return m.some((x) => x.subject.includes(`#${paid.order.number} is disputed`)) ? m : undefined;
      });
      expect(mails.find((m) => m.subject.includes('disputed'))!.text).toContain('fraudulent');
      let page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
      expect(page.text).toContain('dispute: needs_response');

      await control(`/disputes/${disputeId}/close`, { outcome }).expect(200);
      await eventually(async () => (await reload(paid.order.id)).disputeStatus === outcome);
      page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
      expect(page.text).toContain(`dispute: ${outcome}`);
      expect(page.text).toContain('Dispute closed');
      await eventually(async () =>
        (await mailsTo(merchant.email)).some((m) => m.subject.endsWith(`: ${outcome}`)),
      );
      // Stripe refuses refunds on a disputed charge; the merchant reads why.
      const refused = await agent
        .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1' })
        .expect(422);
      expect(refused.text).toContain('This payment was disputed and charged back: it cannot be refunded.');
      expect(refused.text).not.toContain('has been charged back; cannot issue a refund');
    },
  );

  it('fulfilment moves forward only, and the tracking note is mailed to the shopper', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop, { email: 'ada.fulfil@example.com' });
    const base = `/dashboard/orders/${paid.order.id}`;
    await agent
      .post(`${base}/fulfilment`, { status: 'shipped', trackingNote: 'Colissimo 6A123' })
      .expect(303);
    expect(await reload(paid.order.id)).toMatchObject({
      fulfilmentStatus: 'shipped',
      trackingNote: 'Colissimo 6A123',
    });
    const [mail] = await mailsTo('ada.fulfil@example.com');
    expect(mail.subject).toContain(`Order #${paid.order.number} shipped`);
    expect(mail.text).toContain('Tracking: Colissimo 6A123');
    const back = await agent.post(`${base}/fulfilment`, { status: 'fulfilled' }).expect(422);
    expect(back.text).toContain('already shipped');
  });

  it("the money page shows the account's balance and payouts as the emulator has them", async () => {
    const other = await createMerchant(t);
    const otherAgent = await loginAgent(t, other);
    const paid = await createPaidOrder(t, emu, other.shop);
    const opts = { stripeAccount: paid.account };
    let page = await otherAgent.get('/dashboard/money').expect(200);
    let balance = await emu.stripe.balance.retrieve({}, opts);
    const pendingEur = balance.pending.find((b) => b.currency === 'eur')!.amount;
    expect(pendingEur).toBeGreaterThan(0);
    expect(page.text).toContain(formatMoney(pendingEur, 'eur'));
    expect(page.text).toContain('becomes available on');

    emu.emulator.advanceClock(3 * 24 * 3600); // funds become available
    await control(`/accounts/${paid.account}/payouts`, { outcome: 'paid', currency: 'eur' }).expect(200);
    balance = await emu.stripe.balance.retrieve({}, opts);
    const payouts = await emu.stripe.payouts.list({}, opts);
    expect(payouts.data).toHaveLength(1);
    page = await otherAgent.get('/dashboard/money').expect(200);
    const availableCell = /data-testid='available-EUR'>([^<]+)</.exec(page.text)![1];
    expect(availableCell).toBe(
      formatMoney(balance.available.find((b) => b.currency === 'eur')!.amount, 'eur'),
    );
    expect(page.text).toContain(formatMoney(payouts.data[0].amount, 'eur'));
    expect(page.text).toContain(payouts.data[0].status);
  });

  it('the dashboard chart totals equal the paid orders of the last 30 days', async () => {
    const shop = await createMerchant(t);
    const a = await loginAgent(t, shop);
    const one = await createPaidOrder(t, emu, shop.shop, {
      items: [{ name: 'A', unitAmount: 1234, quantity: 1 }],
      fee: 87,
    });
    await createPaidOrder(t, emu, shop.shop, {
      items: [{ name: 'B', unitAmount: 500, quantity: 3 }],
      fee: 100,
    });
    // Counted: refunded orders sold too. Not counted: unpaid, other currency, older than 30 days.
    await t.db.query(`UPDATE shop_order SET status = 'refunded' WHERE id = $1`, [one.order.id]);
    await t.db.query(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount, created_at, paid_at)
       VALUES ($1, 900, 'pending', 'eur', 9999, 99, now(), NULL),
              ($1, 901, 'paid', 'usd', 7777, 77, now(), now()),
              ($1, 902, 'paid', 'eur', 5555, 55, now() - interval '40 days', now() - interval '40 days')`,
      [shop.shop.id],
    );
    const [expected] = await t.db.query<Array<{ sales: string; fees: string }>>(
      `SELECT SUM(total_amount) AS sales, SUM(application_fee_amount) AS fees FROM shop_order
        WHERE shop_id = $1 AND currency = 'eur' AND status = ANY($2) AND paid_at > now() - interval '29 days'`,
      [shop.shop.id, PAID_STATUSES],
    );
    expect(Number(expected.sales)).toBe(1234 + 1500);
    const home = await a.get('/dashboard').expect(200);
    expect(home.text).toContain(`data-testid='chart-sales'>${formatMoney(Number(expected.sales), 'eur')}<`);
    expect(home.text).toContain(`data-testid='chart-fees'>${formatMoney(Number(expected.fees), 'eur')}<`);
    expect(home.text).toContain(`data-testid='chart-orders'>2 orders<`);
    expect(home.text).toContain('<svg');
    expect(home.text).not.toMatch(/<script|style=/);
    expect((await reload(one.order.id)).status).toBe(OrderStatus.Refunded);
  });
});
