import { Product } from '../../src/catalog/entities/product.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

// Every money field reads "24,50" and "24.50" alike (src/common/money-input.ts).
describe('money fields: one reading of a typed amount', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;

  beforeAll(async () => {
    ({ emu, t } = await stripeApp());
    merchant = await createMerchant(t, { currency: 'eur', country: 'FR' });
    agent = await loginAgent(t, merchant);
  });

  it.each([
    ['24,50', 2450],
    ['24.50', 2450],
    ['1 299,00', 129900],
    ['1\u202f299,00', 129900],
    ['1.299,00', 129900],
    ['1,299.00', 129900],
    ['24,50 €', 2450],
  ])('a product priced %j costs %i cents', async (price, amount) => {
    const res = await agent.post('/dashboard/products', { name: `Cheese ${price}`, price }).expect(303);
    const id = /\/dashboard\/products\/([0-9a-f-]{36})/.exec(res.headers.location)![1];
    const row = await t.db.getRepository(Product).findOneByOrFail({ id, shopId: merchant.shop.id });
    expect(row.priceAmount).toBe(amount);
  });

  it.each([
    ['1,2,3', 'Enter the price as a number, such as 12.50.'],
    ['12.5.0', 'Enter the price as a number, such as 12.50.'],
    ['-3', 'The price must be more than zero.'],
    ['$3', 'Enter the price as a number, such as 12.50.'],
  ])('a product priced %j is refused on its field, the input kept', async (price, message) => {
    const res = await agent.post('/dashboard/products', { name: 'Refused', price }).expect(422);
    expect(res.text).toContain(`<p class='field-error' id='price-error'>${message}</p>`);
    expect(res.text).toContain(`name='price' type='text' value='${price}'`);
    expect(await t.db.getRepository(Product).countBy({ shopId: merchant.shop.id, name: 'Refused' })).toBe(0);
  });

  it('a refund of "24,50" refunds €24.50; "1,2,3" is refused on the amount field, the input kept', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop);
    const refused = await agent
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1,2,3' })
      .expect(422);
    expect(refused.text).toContain(
      "<p class='field-error' id='amount-error'>Enter the amount to refund as a number, such as 12.50.</p>",
    );
    expect(refused.text).toMatch(
      /id='amount' name='amount' inputmode='decimal' value='1,2,3'[^>]*aria-invalid='true'/,
    );
    const decimals = await agent
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '24,5055' })
      .expect(422);
    expect(decimals.text).toContain("id='amount-error'>EUR amounts have at most 2 decimals.</p>");
    expect((await t.db.manager.findOneByOrFail(Order, { id: paid.order.id })).amountRefunded).toBe(0);

    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '24,50' }).expect(303);
    expect((await t.db.manager.findOneByOrFail(Order, { id: paid.order.id })).amountRefunded).toBe(2450);
  });
});
