import { orderListQuery, type OrderListFilter } from '../../src/orders/order-list.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { seedManyOrders } from '../factories/orders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const COUNT = 100_000;

describe('orders: the list at 100,000 orders', () => {
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;

  beforeAll(async () => {
    t = await createTestApp();
    merchant = await createMerchant(t);
    const neighbour = await createMerchant(t);
    await seedManyOrders(t.db, merchant.shop, COUNT);
    await seedManyOrders(t.db, neighbour.shop, 2_000);
    agent = await loginAgent(t, merchant);
  }, 120_000);
  afterAll(() => t?.close());

  const numbersIn = (html: string) => [...html.matchAll(/>#(\d+)<\/a>/g)].map((m) => Number(m[1]));
  const nextLink = (html: string) =>
    /href='([^']+)' rel='next'/
      .exec(html)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');

  async function plan(filter: OrderListFilter): Promise<string> {
    const { sql, params } = orderListQuery(merchant.shop.id, filter);
    const rows = await t.db.query<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('pages newest first by keyset, each page following the last without gaps or repeats', async () => {
    let res = await agent.get('/dashboard/orders').expect(200);
    const first = numbersIn(res.text);
    expect(first).toEqual(Array.from({ length: 50 }, (_, i) => i + 1)); // order 1 is the newest
    const seen = [...first];
    for (let i = 0; i < 3; i++) {
      res = await agent.get(nextLink(res.text)!).expect(200);
      seen.push(...numbersIn(res.text));
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('the query plan is an index range scan at any depth, with or without a status, never a seq scan or OFFSET', async () => {
    const [row] = await t.db.query<Array<{ created_at: string; id: string }>>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, id
         FROM shop_order WHERE shop_id = $1 AND number = 90000`,
      [merchant.shop.id],
    );
    const deep = Buffer.from(`${row.created_at}|${row.id}`).toString('base64url');
    const plain = await plan({ after: deep });
    expect(plain).toMatch(/Index Scan Backward using ix_shop_order_list_listed/);
    expect(plain).toContain('ROW(created_at, id) <');
    expect(plain).not.toMatch(/Seq Scan|Sort/);
    const unpaid = await plan({ status: 'unpaid', after: deep });
    expect(unpaid).toMatch(/Index Scan Backward using ix_shop_order_list_unpaid/);
    expect(unpaid).not.toMatch(/Seq Scan|Sort/);
    const byStatus = await plan({ status: OrderStatus.Refunded, after: deep });
    expect(byStatus).toMatch(/Index Scan Backward using ix_shop_order_status_list/);
    expect(byStatus).not.toMatch(/Seq Scan|Sort/);
    const { sql } = orderListQuery(merchant.shop.id, { after: deep });
    expect(sql).not.toMatch(/OFFSET/i);
  });

  it('filters by status and finds by email or order number, within the shop only', async () => {
    const refunded = await agent.get('/dashboard/orders?status=refunded').expect(200);
    expect(numbersIn(refunded.text).slice(0, 3)).toEqual([10, 20, 30]);
    expect(refunded.text).not.toContain("status-paid'");

    const byEmail = await agent.get('/dashboard/orders?q=Shopper-7@example.com').expect(200);
    expect(numbersIn(byEmail.text).slice(0, 3)).toEqual([7, 1007, 2007]);
    expect(await plan({ search: 'shopper-7@example.com' })).not.toMatch(/Seq Scan/);

    const byNumber = await agent.get('/dashboard/orders?q=%2342').expect(200);
    expect(numbersIn(byNumber.text)).toEqual([42]);
    // The neighbour has an order 1500 too; only ours is listed.
    const mine = await agent.get('/dashboard/orders?q=1500').expect(200);
    expect(mine.text.match(/data-testid='order-row'/g)).toHaveLength(1);
    // A cursor or status this app never wrote is a bad link (hostile-params.spec.ts walks the rest).
    await agent.get('/dashboard/orders?after=garbage&status=nonsense').expect(400);
  });
});
