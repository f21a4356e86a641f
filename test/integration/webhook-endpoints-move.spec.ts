import { OrderStatus } from '../../src/orders/order-status.js';
import {
  CARD,
  expectStatus,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  Shopper,
  waitForStatus,
} from '../factories/checkout.js';
import { eventually } from '../support/eventually.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The app restarted on another PORT (so another APP_URL) with the same data: its stored
 * endpoints must follow it, or Stripe keeps delivering to the old address and no order is paid.
 */
describe('webhook endpoints follow the app to its new address', () => {
  it('restarted on another port: the endpoints are updated (not duplicated) and a paid order becomes paid', async () => {
    const first = await stripeApp();
    const s = first.emu;
    const before: TestApp = first.t;
    const endpointUrls = async () =>
      (await s.stripe.webhookEndpoints.list()).data.map((e) => [e.url, e.status]).sort();
    const oldUrl = `${before.config.appUrl}/webhooks/stripe`;
    await eventually(async () => ((await endpointUrls()).length === 2 ? true : undefined), 20_000);
    const shop = await sellingShop(before, s);
    await before.app.close();

    const { t: after } = await stripeApp({ sharing: first, sameDatabase: true });
    const newUrl = `${after.config.appUrl}/webhooks/stripe`;
    expect(newUrl).not.toBe(oldUrl);
    const moved = [
      [newUrl, 'enabled'],
      [newUrl, 'enabled'],
    ];
    await eventually(
      async () => (JSON.stringify(await endpointUrls()) === JSON.stringify(moved) ? true : undefined),
      20_000,
    );

    const shopper = new Shopper(after, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const url = expectStatus(await shopper.post('/checkout'), 303).headers.location;
    const paid = await payOnEmulator(url, CARD('4242424242424242'));
    expect(paid.status).toBe(303);
    const order = await orderBySession(after, sessionIdOf(url));
    await waitForStatus(after, order.id, OrderStatus.Paid, 20_000);
  }, 90_000);
});
