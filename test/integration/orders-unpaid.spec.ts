import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Unpaid orders (pending, expired, failed checkouts) are not orders to ship: fulfilment refuses
 * them in the service, and the list keeps them behind their own "Unpaid" filter.
 */
describe('orders: unpaid checkouts are neither fulfilled nor listed among paid orders', () => {
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;
  let next = 1;

  beforeAll(async () => {
    t = await createTestApp();
    merchant = await createMerchant(t);
    agent = await loginAgent(t, merchant);
  });
  afterAll(() => t?.close());

  /** An order row as checkout and Stripe's events leave it in `status`, one minute older per call. */
  async function order(
    status: OrderStatus,
    { email = `buyer-${next}@example.com`, shopId = merchant.shop.id } = {},
  ): Promise<Order> {
    const number = next++;
    const [row] = await t.db.query<Array<{ id: string }>>(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               customer_email, amount_refunded, created_at)
       VALUES ($1, $2, $3, 'eur', 4500, 250, $4, $5, now() - ($6 * interval '1 minute')) RETURNING id`,
      [
        shopId,
        number,
        status,
        email,
        status === OrderStatus.Refunded ? 4500 : status === OrderStatus.PartiallyRefunded ? 1000 : 0,
        number,
      ],
    );
    return t.db.manager.findOneByOrFail(Order, { id: row.id });
  }

  const reload = (id: string) => t.db.manager.findOneByOrFail(Order, { id });
  const numbersIn = (html: string) => [...html.matchAll(/>#(\d+)<\/a>/g)].map((m) => Number(m[1]));

  it.each([OrderStatus.Pending, OrderStatus.Expired, OrderStatus.PaymentFailed, OrderStatus.Refunded])(
    'refuses fulfilment of a %s order posted directly, and leaves the order as it was',
    async (status) => {
      const o = await order(status, { email: `no-parcel-${status}@example.com` });
      for (const to of ['fulfilled', 'shipped']) {
        const res = await agent
          .post(`/dashboard/orders/${o.id}/fulfilment`, { status: to, trackingNote: 'Colissimo 1' })
          .expect(409);
        expect(res.text).toContain('Only paid or partially refunded orders can be fulfilled.');
      }
      const after = await reload(o.id);
      expect(after).toMatchObject({ fulfilmentStatus: 'unfulfilled', trackingNote: null, status });
      expect(after.updatedAt).toEqual(o.updatedAt);
      expect(
        await t.db.query(`SELECT 1 FROM shop_order_event WHERE order_id = $1 AND type = 'fulfilment'`, [
          o.id,
        ]),
      ).toHaveLength(0);
      expect(await t.db.manager.countBy(OutboxMail, { to: `no-parcel-${status}@example.com` })).toBe(0);

      const page = await agent.get(`/dashboard/orders/${o.id}`).expect(200);
      expect(page.text).not.toContain('Mark fulfilled');
      expect(page.text).not.toContain('Mark shipped');
      expect(page.text).not.toContain(`/dashboard/orders/${o.id}/fulfilment`);
    },
  );

  it.each([OrderStatus.Paid, OrderStatus.PartiallyRefunded])(
    'fulfils a %s order from the buttons its page offers',
    async (status) => {
      const o = await order(status);
      const page = await agent.get(`/dashboard/orders/${o.id}`).expect(200);
      expect(page.text).toContain('Mark fulfilled');
      await agent.post(`/dashboard/orders/${o.id}/fulfilment`, { status: 'fulfilled' }).expect(303);
      expect((await reload(o.id)).fulfilmentStatus).toBe('fulfilled');
    },
  );

  it('lists paid, partially refunded, refunded and awaiting-payment orders by default; "Unpaid" lists the rest', async () => {
    const other = await createMerchant(t);
    const otherAgent = await loginAgent(t, other);
    const made: Array<[OrderStatus, number]> = [];
    for (const status of Object.values(OrderStatus))
      made.push([status, (await order(status, { shopId: other.shop.id })).number]);
    const numbers = (statuses: OrderStatus[]) =>
      made
        .filter(([s]) => statuses.includes(s))
        .map(([, n]) => n)
        .sort((a, b) => a - b);

    const listed = await otherAgent.get('/dashboard/orders').expect(200);
    expect(numbersIn(listed.text).sort((a, b) => a - b)).toEqual(
      numbers([
        OrderStatus.Paid,
        OrderStatus.PartiallyRefunded,
        OrderStatus.Refunded,
        OrderStatus.AwaitingPayment,
      ]),
    );
    expect(listed.text).not.toContain('status-pending');

    const unpaid = await otherAgent.get('/dashboard/orders?status=unpaid').expect(200);
    expect(numbersIn(unpaid.text).sort((a, b) => a - b)).toEqual(
      numbers([OrderStatus.Pending, OrderStatus.Expired, OrderStatus.PaymentFailed]),
    );
    expect(unpaid.text).toMatch(/<option value='unpaid' selected>/);

    const expired = await otherAgent.get('/dashboard/orders?status=expired').expect(200);
    expect(numbersIn(expired.text)).toEqual(numbers([OrderStatus.Expired]));
  });

  it.each([
    ['an unknown status', 'status=nonsense'],
    ['a status given twice', 'status=paid&status=unpaid'],
    ['a cursor the app did not make', 'after=garbage'],
    ['an over-long search', `q=${'x'.repeat(201)}`],
  ])('answers 400 to %s in the list filters', async (_what, query) => {
    const res = await agent.get(`/dashboard/orders?${query}`).expect(400);
    expect(res.text).not.toContain("data-testid='orders'");
  });
});
