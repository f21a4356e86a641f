import { TenantService } from '../../src/tenants/tenant.service.js';
import { createMerchant, loginAgent } from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createPaidOrder, eventually, waitForEndpoints } from '../factories/orders.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

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
    emu = await startTestEmulator();
    t = await createTestApp({
      env: { ...emu.env, WEBHOOK_ENDPOINT_SETUP: 'true' },
      listen: true,
      workers: true,
    });
    await waitForEndpoints(emu);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await emu?.close();
  });

  it('a new shop has only "Create your shop" done; payments, a product and a paid order each tick their step', async () => {
    const m = await createMerchant(t);
    const agent = await loginAgent(t, m);
    const home = async () => (await agent.get('/dashboard').expect(200)).text;
    expect(steps(await home())).toEqual([
      'Create your shop: yes',
      'Set up payments: no',
      'Add your first product: no',
      'Get your first order: no',
    ]);

    await createProduct(t, m.shop.id, { name: 'Jam', price: '4.00' });
    expect(steps(await home())).toEqual([
      'Create your shop: yes',
      'Set up payments: no',
      'Add your first product: yes',
      'Get your first order: no',
    ]);

    // A really paid order (on an onboarded, charges-enabled account).
    await createPaidOrder(t, emu, m.shop, { items: [{ name: 'Jam', unitAmount: 400, quantity: 1 }] });
    const page = await home();
    expect(steps(page)).toEqual([
      'Create your shop: yes',
      'Set up payments: yes',
      'Add your first product: yes',
      'Get your first order: yes',
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
});
