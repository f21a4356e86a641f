import { Order } from '../../src/orders/entities/order.entity.js';
import { addZone } from '../factories/shipping.js';
import {
  expectStatus,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
  type SellingShop,
} from '../factories/checkout.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Settings and config values that look valid but that Stripe refuses: each used to make every
 * checkout of a shop (or of the platform) answer 503.
 */
describe('Checkout Session parameters stay inside what Stripe accepts', () => {
  let s: TestEmulator;
  const apps: StripeApp[] = [];

  /** An app with these settings, all against one emulator (no webhook endpoints). */
  const app = async (expiresMinutes: string) => {
    const started = await stripeApp({
      webhooks: false,
      sharing: apps[0],
      env: { CHECKOUT_EXPIRES_MINUTES: expiresMinutes },
    });
    s = started.emu;
    apps.push(started);
    return started.t;
  };
  /** The session Stripe made for this checkout URL, as the app asked for it. */
  const sessionRequest = (url: string) => {
    const sessionId = sessionIdOf(url);
    const made = s.emulator.control
      .requests({ path: '/v1/checkout/sessions', method: 'POST' })
      .filter((r) => r.status === 200);
    return { sessionId, params: made.at(-1)!.params };
  };
  const checkoutOnce = async (t: TestApp, shop: SellingShop) => {
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    return { shopper, res: await shopper.post('/checkout') };
  };

  describe('CHECKOUT_EXPIRES_MINUTES at both ends of its documented range', () => {
    for (const minutes of [1440, 30]) {
      it(`${minutes} minutes: the session opens, expiring inside Stripe's 30 min – 24 h window`, async () => {
        const t = await app(String(minutes));
        const shop = await sellingShop(t, s);
        const before = s.emulator.now();
        const { res } = await checkoutOnce(t, shop);
        expectStatus(res, 303);
        const { sessionId } = sessionRequest(res.headers.location);
        const session = await s.stripe.checkout.sessions.retrieve(
          sessionId,
          {},
          { stripeAccount: shop.account },
        );
        expect(session.status).toBe('open');
        const lifetime = session.expires_at - before;
        expect(lifetime).toBeGreaterThanOrEqual(30 * 60);
        expect(lifetime).toBeLessThan(24 * 3600);
        expect(Math.abs(lifetime - minutes * 60)).toBeLessThanOrEqual(65);
      });
    }
  });

  describe('a shop that ships physical goods', () => {
    let t: TestApp;
    let shop: SellingShop;
    beforeAll(async () => {
      t = apps[0]?.t ?? (await app('30'));
      shop = await sellingShop(t, s);
    });

    it('with no shipping zone: checkout says why (no silent 503), no order is made; a zone fixes it', async () => {
      await setShop(t, shop.shop.id, { shipsPhysicalGoods: true });
      const orders = () => t.db.getRepository(Order).countBy({ shopId: shop.shop.id });
      const before = await orders();
      const { shopper, res } = await checkoutOnce(t, shop);
      expect(res.status).toBe(503);
      expect(res.text).toContain('ships physical goods but has no shipping zone yet');
      expect(await orders()).toBe(before);
      await addZone(t, shop.shop.id, ['GB']);
      const again = await shopper.post('/checkout', { country: 'GB' });
      expectStatus(again, 303);
      expect(sessionRequest(again.headers.location).params).toMatchObject({
        shipping_address_collection: { allowed_countries: ['GB'] },
      });
      await eventually(async () => (await orders()) > before);
    });
  });
});
