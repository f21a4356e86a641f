import { formatMoney } from '../../src/common/money.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus, PAID_STATUSES } from '../../src/orders/order-status.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import { createMerchant, loginAgent } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createPaidOrder } from '../factories/orders.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/** The "Get started" steps as "label: yes|no" (done or not), in order. */
function steps(html: string): string[] {
  return [
    ...html.matchAll(/data-testid='get-started-step' data-done='(yes|no)'><a href='[^']*'>([^<]+)<\/a>/g),
  ].map((m) => `${m[2]}: ${m[1]}`);
}

describe('the dashboard home: Get started from real state, payments card, sales chart counts', () => {
  let emu: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu, t } = await stripeApp());
  }, 60_000);

  it('a new shop has only "Create your shop" done; payments, a product and a paid order each tick their step', async () => {
    const m = await createMerchant(t);
    const agent = await loginAgent(t, m);
    const home = async () => (await agent.get('/dashboard').expect(200)).text;
    expect(steps(await home())).toEqual([
      'Create your shop: yes',
      'Set up payments: no',
      'Add your first product: no',
      'Get your first order: no',
      'Write your terms of sale: no',
    ]);

    await createProduct(t, m.shop.id, { name: 'Jam', price: '4.00' });
    expect(steps(await home())).toEqual([
      'Create your shop: yes',
      'Set up payments: no',
      'Add your first product: yes',
      'Get your first order: no',
      'Write your terms of sale: no',
    ]);

    // A really paid order (on an onboarded, charges-enabled account).
    await createPaidOrder(t, emu, m.shop, { items: [{ name: 'Jam', unitAmount: 400, quantity: 1 }] });
    const page = await home();
    expect(steps(page)).toEqual([
      'Create your shop: yes',
      'Set up payments: yes',
      'Add your first product: yes',
      'Get your first order: yes',
      'Write your terms of sale: no',
    ]);
    // "1 order", not "1 orders".
    expect(page).toContain(`data-testid='chart-orders'>1 order<`);
    expect(page).not.toMatch(/\b1 orders\b/);
  }, 60_000);

  it('a suspended shop’s payments card says "Suspended", not "Active · your shop can take payments"', async () => {
    const m = await createMerchant(t);
    await createPaidOrder(t, emu, m.shop);
    const agent = await loginAgent(t, m);
    // "Active" needs the account's details_submitted, which its account.updated event brings.
    const active = await eventually(async () => {
      const page = (await agent.get('/dashboard').expect(200)).text;
      return page.includes(`data-testid='payments-state'>Active<`) && page;
    });
    expect(active).toContain(`data-testid='payments-state'>Active<`);
    await t.app.get(TenantService).suspend(m.shop.id, 'test');

    for (const path of ['/dashboard', '/dashboard/payments']) {
      const page = (await agent.get(path).expect(200)).text;
      expect(page).toContain(`<span class='badge danger' data-testid='payments-state'>Suspended</span>`);
      expect(page).toContain('Comptoir has suspended your shop: it cannot take payments');
      expect(page).not.toContain('Your shop can take payments');
    }
  }, 60_000);

  it('the dashboard chart totals equal the paid orders of the last 30 days', async () => {
    const shop = await createMerchant(t);
    const a = await loginAgent(t, shop);
    const one = await createPaidOrder(t, emu, shop.shop, {
      items: [{ name: 'A', unitAmount: 1234, quantity: 1 }],
    });
    await createPaidOrder(t, emu, shop.shop, {
      items: [{ name: 'B', unitAmount: 500, quantity: 3 }],
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
    expect((await t.db.manager.findOneByOrFail(Order, { id: one.order.id })).status).toBe(
      OrderStatus.Refunded,
    );
  });
});
