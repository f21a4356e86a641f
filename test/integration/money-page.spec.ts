import { formatMoney } from '../../src/common/money.js';
import { createMerchant, loginAgent } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

// Its own emulator: the test moves the emulator's clock days ahead, which later checkouts
// (made on the app's clock) could not follow.
describe('the money page: balance and payouts', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let control: StripeApp['control'];

  beforeAll(async () => {
    ({ emu, t, control } = await stripeApp());
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
});
