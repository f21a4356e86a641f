import { Order } from '../../src/orders/entities/order.entity.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { loginAgent } from '../factories/accounts.js';
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

  describe('shipping countries', () => {
    let t: TestApp;
    let shop: SellingShop;
    beforeAll(async () => {
      t = apps[0]?.t ?? (await app('30'));
      shop = await sellingShop(t, s);
    });
    const settingsForm = (shippingCountries: string) => ({
      name: shop.shop.name,
      description: '',
      brandColour: '',
      logoPath: '',
      contactEmail: '',
      statementDescriptorSuffix: '',
      shipsPhysicalGoods: 'on',
      shippingCountries,
    });
    const stored = async () =>
      (await t.db.getRepository(Shop).findOneByOrFail({ id: shop.shop.id })).shippingCountries;

    it('a merchant saving "UK, FR" is told to use GB, and nothing is saved; "GB, FR" saves', async () => {
      const merchant = await loginAgent(t, shop);
      const res = await merchant.post('/dashboard/settings', settingsForm('UK, FR'));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Stripe Checkout does not accept UK: use GB for the United Kingdom.');
      expect(await stored()).toEqual([]);
      await merchant.post('/dashboard/settings', settingsForm('GB, FR')).expect(303);
      expect(await stored()).toEqual(['GB', 'FR']);
    });

    it('a shop saved with "UK, FR" before the check: its settings page says so, and checkout still opens, for FR', async () => {
      await setShop(t, shop.shop.id, { shipsPhysicalGoods: true, shippingCountries: ['UK', 'FR'] });
      const merchant = await loginAgent(t, shop);
      const page = await merchant.get('/dashboard/settings').expect(200);
      expect(page.text).toContain('Stripe Checkout does not accept UK: use GB for the United Kingdom.');
      // Saving the page as it stands is refused until the code is fixed.
      expect((await merchant.post('/dashboard/settings', settingsForm('UK, FR'))).status).toBe(422);

      const { res } = await checkoutOnce(t, shop);
      expectStatus(res, 303);
      expect(sessionRequest(res.headers.location).params).toMatchObject({
        shipping_address_collection: { allowed_countries: ['FR'] },
      });
    });

    it('a shop left shipping only to refused codes: checkout says why (no silent 503), no order is made', async () => {
      await setShop(t, shop.shop.id, { shipsPhysicalGoods: true, shippingCountries: ['UK', 'EU'] });
      const orders = () => t.db.getRepository(Order).countBy({ shopId: shop.shop.id });
      const before = await orders();
      const { res } = await checkoutOnce(t, shop);
      expect(res.status).toBe(503);
      expect(res.text).toContain('the countries it ships to need updating by the shop');
      expect(await orders()).toBe(before);
      // The shop fixes its settings: checkout works again.
      await setShop(t, shop.shop.id, { shippingCountries: ['GB'] });
      const again = await checkoutOnce(t, shop);
      expectStatus(again.res, 303);
      await eventually(async () => (await orders()) > before);
    });
  });
});
