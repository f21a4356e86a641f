import { applicationFee } from '../../src/common/fee.js';
import { FeePlanService } from '../../src/tenants/fee-plan.service.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import {
  ADDRESS,
  CARD,
  expectStatus,
  payOnEmulator,
  waitForStatus,
  orderBySession,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
  type SellingShop,
  deliverConnectEvent,
  type Stripe,
} from '../factories/checkout.js';
import { addZone } from '../factories/shipping.js';
import { loginAgent } from '../factories/accounts.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

/**
 * #26 item 2: the cart asks where to deliver, the order stores the destination and the rates
 * offered (priced for the cart), the session sends them, and the completed session's choice is
 * checked against that offer before it lands on the order.
 */
describe('Checkout with shipping zones and rates', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu: s, t } = await stripeApp());
  }, 60_000);

  const lastSessionParams = (account: string) =>
    s.emulator.control
      .requests({ path: '/v1/checkout/sessions', method: 'POST' })
      .filter((r) => r.status === 200 && r.account === account)
      .at(-1)!.params as Record<string, unknown>;

  /** A shop in France shipping to FR/BE: flat €4.90, €5.90 free from €50, pickup; DE-less. */
  async function shippingShop(products: Array<{ name: string; price: string; stock?: string }>) {
    const shop = await sellingShop(t, s, { products });
    await setShop(t, shop.shop.id, { shipsPhysicalGoods: true });
    const { rates } = await addZone(
      t,
      shop.shop.id,
      ['FR', 'BE'],
      [
        { kind: 'fixed', name: 'Colissimo', amount: 490, minDays: 2, maxDays: 4 },
        { kind: 'free_above', name: 'Standard', amount: 590, freeAbove: 5000 },
        { kind: 'pickup', name: 'Pickup at the shop' },
      ],
    );
    return { shop, rates };
  }

  it('the cart asks "Deliver to" among the zones’ countries, named and sorted in the page’s language', async () => {
    const { shop } = await shippingShop([{ name: 'Bowl', price: '12.00' }]);
    await addZone(t, shop.shop.id, ['DE', 'AT'], [], 'DACH');
    const shopper = new Shopper(t, shop.shop.slug, 'fr');
    await shopper.add(shop.products[0].id, 1);
    const page = (await shopper.get('/cart').expect(200)).text;
    const options = [...page.matchAll(/<option value='([A-Z]{2})'( selected)?>([^<]+)<\/option>/g)].map(
      (m) => [m[1], m[3], Boolean(m[2])],
    );
    expect(options).toEqual([
      ['DE', 'Allemagne', false],
      ['AT', 'Autriche', false],
      ['BE', 'Belgique', false],
      // The shop's own country, shipped to: the default.
      ['FR', 'France', true],
    ]);
    expect(page).toContain('Pays de livraison');
    // The last choice is remembered (cookie) and preselected next time.
    expectStatus(await shopper.post('/checkout', { country: 'BE' }), 303);
    const again = (await shopper.get('/cart').expect(200)).text;
    expect(again).toContain(`<option value='BE' selected>Belgique</option>`);
    expect(again).not.toContain(`<option value='FR' selected>`);
  }, 60_000);

  it('the cart shows what each rate of the chosen country costs this cart (GET /cart?country=XX)', async () => {
    const { shop } = await shippingShop([{ name: 'Mug', price: '12.00' }]);
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 2);
    const preview = await shopper.post('/cart/shipping', { country: 'BE', email: 'x@example.com' });
    expectStatus(preview, 303);
    expect(preview.headers.location).toBe('/cart?country=BE');
    const page = (await shopper.get('/cart?country=BE').expect(200)).text;
    const rates = /data-testid='cart-rates'>([\s\S]*?)<\/div>/.exec(page)![1].replace(/<[^>]+>/g, '');
    expect(rates).toContain('Delivery to Belgium for this cart:');
    expect(rates).toContain('Colissimo · 2–4 business days €4.90');
    expect(rates).toContain('Standard €5.90');
    expect(rates).toContain('Pickup at the shop Free');
    expect(page).toContain(`<option value='BE' selected>Belgium</option>`);
    const germany = (await shopper.get('/cart?country=DE').expect(200)).text;
    expect(germany).toContain('This shop does not deliver to Germany.');
    await shopper.get('/cart?country=germany').expect(400);
    const fr = new Shopper(t, shop.shop.slug, 'fr');
    await fr.add(shop.products[0].id, 5); // €60: free from €50
    const french = (await fr.get('/cart?country=BE').expect(200)).text;
    expect(french).toContain('Livraison (Belgique) pour ce panier');
    expect(french).toMatch(/Standard<\/span> <strong>Gratuit/);
  }, 60_000);

  it('a country outside every zone is refused in the cart with a clear message; cart kept, no order', async () => {
    const { shop } = await shippingShop([{ name: 'Plate', price: '15.00' }]);
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 2);
    const orders = () => t.db.getRepository(Order).countBy({ shopId: shop.shop.id });

    const refused = await shopper.post('/checkout', { country: 'DE', email: 'kept@example.com' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('This shop does not deliver to that country.');
    expect(refused.text).toContain("aria-describedby='country-error'");
    // The cart is shown again with its lines and the email typed.
    expect(refused.text).toContain('Plate');
    expect(refused.text).toContain("value='kept@example.com'");
    expect(String(refused.headers['set-cookie'] ?? '')).not.toMatch(/cart=;/);

    const missing = await shopper.post('/checkout', {});
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Choose the country to deliver to.');

    // A code Stripe refuses, or garbage, is refused the same way (never sent to Stripe).
    expect((await shopper.post('/checkout', { country: 'UK' })).status).toBe(422);
    expect((await shopper.post('/checkout', { country: '<script>' })).status).toBe(422);

    const fr = new Shopper(t, shop.shop.slug, 'fr');
    await fr.add(shop.products[0].id, 1);
    const french = await fr.post('/checkout', { country: 'DE' });
    expect(french.status).toBe(422);
    expect(french.text).toContain('Cette boutique ne livre pas dans ce pays.');
    expect(await orders()).toBe(0);
  }, 60_000);

  it('the session collects the address in the chosen country and offers the zone’s rates; free from €50 at exactly €50.00', async () => {
    const { shop, rates } = await shippingShop([
      { name: 'Vase', price: '25.00' },
      { name: 'Cup', price: '24.99' },
    ]);
    const [vase, cup] = shop.products;
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(vase.id, 2); // €50.00 exactly
    const url = await shopper.checkout('vase@example.com', 'BE');
    const order = await orderBySession(t, sessionIdOf(url));
    expect(order).toMatchObject({
      totalAmount: 5000,
      shippingCountry: 'BE',
      shippingAmount: null,
      shippingOffer: [
        { rateId: rates[0].id, name: 'Colissimo', amount: 490, kind: 'fixed', minDays: 2, maxDays: 4 },
        {
          rateId: rates[1].id,
          name: 'Standard',
          amount: 0,
          kind: 'free_above',
          minDays: null,
          maxDays: null,
        },
        {
          rateId: rates[2].id,
          name: 'Pickup at the shop',
          amount: 0,
          kind: 'pickup',
          minDays: null,
          maxDays: null,
        },
      ],
    });
    const params = lastSessionParams(shop.account);
    expect(params.shipping_address_collection).toEqual({ allowed_countries: ['BE'] });
    const options = params.shipping_options as Array<{ shipping_rate_data: Record<string, unknown> }>;
    expect(options.map((o) => o.shipping_rate_data)).toEqual([
      expect.objectContaining({
        display_name: 'Colissimo',
        type: 'fixed_amount',
        fixed_amount: { amount: '490', currency: 'eur' },
        delivery_estimate: {
          minimum: { unit: 'business_day', value: '2' },
          maximum: { unit: 'business_day', value: '4' },
        },
        metadata: { rate_id: rates[0].id, kind: 'fixed' },
      }),
      expect.objectContaining({ display_name: 'Standard', fixed_amount: { amount: '0', currency: 'eur' } }),
      expect.objectContaining({
        display_name: 'Pickup at the shop',
        fixed_amount: { amount: '0', currency: 'eur' },
      }),
    ]);
    // The fee is on the goods only: 5 % of 5000 + 25.
    expect(order.applicationFeeAmount).toBe(275);

    // One cent under the threshold: the "free above" rate costs its amount.
    const under = new Shopper(t, shop.shop.slug);
    await under.add(cup.id, 1);
    await under.add(vase.id, 1); // €49.99
    const underOrder = await orderBySession(t, sessionIdOf(await under.checkout(undefined, 'FR')));
    expect(underOrder.totalAmount).toBe(4999);
    expect(underOrder.shippingOffer!.map((o) => o.amount)).toEqual([490, 590, 0]);
    expect(lastSessionParams(shop.account).shipping_address_collection).toEqual({
      allowed_countries: ['FR'],
    });
  }, 60_000);

  it('changing the destination replaces the open session (a new order for the new country)', async () => {
    const { shop } = await shippingShop([{ name: 'Jug', price: '30.00' }]);
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const fr = await shopper.checkout(undefined, 'FR');
    expect(await shopper.checkout(undefined, 'FR')).toBe(fr);
    const be = await shopper.checkout(undefined, 'BE');
    expect(be).not.toBe(fr);
    expect((await orderBySession(t, sessionIdOf(be))).shippingCountry).toBe('BE');
  }, 60_000);

  it('per additional item, in yen (zero-decimal): ¥800 + ¥200 × 2 for three items', async () => {
    const shop = await sellingShop(t, s, { currency: 'jpy', products: [{ name: 'Tea', price: '1500' }] });
    await setShop(t, shop.shop.id, { shipsPhysicalGoods: true, country: 'JP' });
    await addZone(
      t,
      shop.shop.id,
      ['JP'],
      [{ kind: 'per_item', name: 'Yamato', amount: 800, perAdditionalItem: 200 }],
    );
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 3);
    const order = await orderBySession(t, sessionIdOf(await shopper.checkout(undefined, 'JP')));
    expect(order.totalAmount).toBe(4500);
    expect(order.shippingOffer).toEqual([expect.objectContaining({ amount: 1200, name: 'Yamato' })]);
    const options = lastSessionParams(shop.account).shipping_options as Array<{
      shipping_rate_data: { fixed_amount: unknown };
    }>;
    expect(options[0].shipping_rate_data.fixed_amount).toEqual({ amount: '1200', currency: 'jpy' });
  }, 60_000);

  describe('the completed session', () => {
    let shop: SellingShop;
    let store: (event: Stripe.Event) => Promise<string>;
    let paidOrderId: string;
    beforeAll(async () => {
      ({ shop } = await shippingShop([{ name: 'Lamp', price: '20.00' }]));
      store = (event) => deliverConnectEvent(t, event);
    }, 60_000);

    /** A pending order for a €20 lamp to BE, and its session as Stripe would complete it. */
    async function pendingOrder() {
      const shopper = new Shopper(t, shop.shop.slug);
      await shopper.add(shop.products[0].id, 1);
      const sessionId = sessionIdOf(await shopper.checkout('lamp@example.com', 'BE'));
      const order = await orderBySession(t, sessionId);
      const options = ['shr_a', 'shr_b', 'shr_c'].map((id, i) => ({
        shipping_amount: order.shippingOffer![i].amount,
        shipping_rate: `${id}_${order.number}`,
      }));
      const completed = (rate: number, cost: number, total: number) => ({
        id: sessionId,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        currency: 'eur',
        amount_subtotal: 2000,
        amount_total: total,
        metadata: { order_id: order.id, shop_id: shop.shop.id },
        client_reference_id: order.id,
        shipping_options: options,
        shipping_cost: {
          amount_subtotal: cost,
          amount_tax: 0,
          amount_total: cost,
          shipping_rate: options[rate].shipping_rate,
        },
        total_details: { amount_discount: 0, amount_shipping: cost, amount_tax: 0 },
        collected_information: {
          shipping_details: {
            name: 'Sam Shopper',
            address: {
              line1: '1 rue Neuve',
              line2: null,
              postal_code: '1000',
              city: 'Bruxelles',
              state: null,
              country: 'BE',
            },
          },
        },
        customer_details: { email: 'lamp@example.com' },
      });
      return { order, completed };
    }

    it('lands the chosen rate, its amount and the address on the order; the total includes shipping, the fee does not', async () => {
      const { order, completed } = await pendingOrder();
      expect(order.applicationFeeAmount).toBe(125); // 5 % of 2000 + 25
      expect(
        await store(
          stripeEvent('checkout.session.completed', completed(0, 490, 2490), { account: shop.account }),
        ),
      ).toBe('processed');
      const paid = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
      expect(paid).toMatchObject({
        status: OrderStatus.Paid,
        flagReason: null,
        totalAmount: 2490,
        shippingAmount: 490,
        shippingRateName: 'Colissimo',
        applicationFeeAmount: 125,
        shippingAddress: { name: 'Sam Shopper', line1: '1 rue Neuve', city: 'Bruxelles', country: 'BE' },
      });
      paidOrderId = order.id;
      // The same report again (a retry, reconciliation) changes nothing.
      await store(
        stripeEvent('checkout.session.completed', completed(0, 490, 2490), { account: shop.account }),
      );
      expect(await t.db.getRepository(Order).findOneByOrFail({ id: order.id })).toMatchObject({
        totalAmount: 2490,
        shippingAmount: 490,
        flagReason: null,
      });
    }, 60_000);

    it('the receipt, the shopper’s status page, the merchant’s order page and its packing slip show goods, shipping and address', async () => {
      const order = await t.db.getRepository(Order).findOneByOrFail({ id: paidOrderId });
      const receipt = await eventually(async () =>
        (await t.db.getRepository(OutboxMail).find({ where: { to: 'lamp@example.com' } })).find((m) =>
          m.subject.startsWith(`Your order #${order.number} `),
        ),
      );
      expect(receipt.text).toContain('Subtotal: €20.00');
      expect(receipt.text).toContain('Shipping (Colissimo): €4.90');
      expect(receipt.text).toContain('Total: €24.90');
      expect(receipt.text).toContain(
        'Delivery address:\n  Sam Shopper\n  1 rue Neuve\n  1000 Bruxelles\n  Belgium',
      );

      const origin = `http://${shop.shop.slug}.localhost:${t.config.port}`;
      const link = /(http:\/\/\S+\/orders\/\S+)/.exec(receipt.text)![1];
      const shopper = new Shopper(t, shop.shop.slug);
      const status = (await shopper.get(link.slice(origin.length)).expect(200)).text;
      expect(status).toContain('Shipping (Colissimo)');
      expect(status).toContain('€4.90');
      expect(status).toContain('€24.90');
      expect(status).toMatch(/Sam Shopper<br \/>1 rue Neuve<br \/>1000 Bruxelles<br \/>Belgium/);

      const merchant = await loginAgent(t, shop);
      const page = (await merchant.get(`/dashboard/orders/${order.id}`).expect(200)).text;
      expect(page).toMatch(/data-testid='goods'>€20.00</);
      expect(page).toMatch(/data-testid='shipping'>€4.90</);
      expect(page).toMatch(/data-testid='total'>€24.90</);
      // The platform fee stays on the goods.
      expect(page).toMatch(/data-testid='fee'>€1.25</);
      expect(page).toContain(`href='/dashboard/orders/${order.id}/packing'`);

      const packing = (await merchant.get(`/dashboard/orders/${order.id}/packing`).expect(200)).text;
      expect(packing).toMatch(
        /data-testid='packing-address'>Sam Shopper<br \/>1 rue Neuve<br \/>1000 Bruxelles<br \/>Belgium/,
      );
      expect(packing).toMatch(/<td>Lamp<\/td><td data-label='Qty'>1<\/td>/);
      expect(packing).not.toContain('€');

      // Another shop's merchant: not found, as an unknown id.
      const other = await sellingShop(t, s, { products: [{ name: 'Other', price: '1.00' }] });
      const stranger = await loginAgent(t, other);
      await stranger.get(`/dashboard/orders/${order.id}/packing`).expect(404);
      await merchant.get('/dashboard/orders/00000000-0000-4000-8000-000000000000/packing').expect(404);
    }, 60_000);

    it('flags a report whose shipping does not match the offer, or whose total is not goods + shipping', async () => {
      const cases: Array<[number, number, number, string]> = [
        [0, 100, 2100, 'shipping 100 does not match the rate offered (490)'],
        [0, 490, 2000, 'amount 2000 does not match the order total 2490'],
        [2, 0, 2490, 'amount 2490 does not match the order total 2000'],
      ];
      for (const [rate, cost, total, reason] of cases) {
        const { order, completed } = await pendingOrder();
        await store(
          stripeEvent('checkout.session.completed', completed(rate, cost, total), { account: shop.account }),
        );
        const row = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
        expect(row.status).toBe(OrderStatus.Pending);
        expect(row.flagReason).toBe(reason);
        expect(row.shippingAmount).toBeNull();
      }
      // A rate that was never offered.
      const { order, completed } = await pendingOrder();
      const stranger = completed(0, 490, 2490);
      stranger.shipping_cost.shipping_rate = 'shr_unknown';
      await store(stripeEvent('checkout.session.completed', stranger, { account: shop.account }));
      expect((await t.db.getRepository(Order).findOneByOrFail({ id: order.id })).flagReason).toBe(
        'the shipping rate chosen is none of the rates offered',
      );
    }, 60_000);
  });

  describe('paid on the emulator’s Checkout', () => {
    /** Pays the session with an address in `country` and the `index`-th option; the order once paid. */
    async function pay(shop: SellingShop, url: string, index: number, country = 'BE') {
      const sessionId = sessionIdOf(url);
      const session = await s.stripe.checkout.sessions.retrieve(
        sessionId,
        {},
        { stripeAccount: shop.account },
      );
      const shr = session.shipping_options[index].shipping_rate as string;
      const paid = await payOnEmulator(url, {
        ...CARD('4242424242424242', 'paid@example.com'),
        ...ADDRESS(country, shr),
      });
      expect(paid.status).toBe(303);
      const order = await orderBySession(t, sessionId);
      return waitForStatus(t, order.id, OrderStatus.Paid);
    }
    const paymentOf = async (shop: SellingShop, order: Order) =>
      s.stripe.paymentIntents.retrieve(order.stripePaymentIntentId!, {}, { stripeAccount: shop.account });

    it('free from €50: €50.00 of goods ship free, €49.99 pay the rate; the charge is goods + shipping, the fee on goods', async () => {
      const { shop } = await shippingShop([
        { name: 'Vase', price: '25.00' },
        { name: 'Cup', price: '24.99' },
      ]);
      const [vase, cup] = shop.products;
      const at = new Shopper(t, shop.shop.slug);
      await at.add(vase.id, 2);
      const free = await pay(shop, await at.checkout(undefined, 'BE'), 1);
      expect(free).toMatchObject({
        totalAmount: 5000,
        shippingAmount: 0,
        shippingRateName: 'Standard',
        applicationFeeAmount: 275,
        flagReason: null,
        shippingAddress: expect.objectContaining({ country: 'BE', city: 'Paris' }) as unknown,
      });
      expect(await paymentOf(shop, free)).toMatchObject({ amount: 5000, application_fee_amount: 275 });

      const under = new Shopper(t, shop.shop.slug);
      await under.add(vase.id, 1);
      await under.add(cup.id, 1);
      const charged = await pay(shop, await under.checkout(undefined, 'BE'), 1);
      expect(charged).toMatchObject({
        totalAmount: 5589,
        shippingAmount: 590,
        shippingRateName: 'Standard',
        applicationFeeAmount: 275, // 5 % of 4999 (249.95 → 250) + 25: the shipping bears no fee
        flagReason: null,
      });
      expect(await paymentOf(shop, charged)).toMatchObject({ amount: 5589, application_fee_amount: 275 });
    }, 90_000);

    it('in yen (zero-decimal): ¥4500 of goods + ¥1200 per-item shipping charge ¥5700, the fee on the ¥4500', async () => {
      const shop = await sellingShop(t, s, { currency: 'jpy', products: [{ name: 'Tea', price: '1500' }] });
      await setShop(t, shop.shop.id, { shipsPhysicalGoods: true, country: 'JP' });
      await addZone(
        t,
        shop.shop.id,
        ['JP'],
        [{ kind: 'per_item', name: 'Yamato', amount: 800, perAdditionalItem: 200 }],
      );
      const shopper = new Shopper(t, shop.shop.slug);
      await shopper.add(shop.products[0].id, 3);
      const paid = await pay(shop, await shopper.checkout(undefined, 'JP'), 0, 'JP');
      const fee = applicationFee(4500, 'jpy', t.app.get(FeePlanService).planFor(shop.shop));
      expect(paid).toMatchObject({
        totalAmount: 5700,
        shippingAmount: 1200,
        shippingRateName: 'Yamato',
        applicationFeeAmount: fee,
        flagReason: null,
        shippingAddress: expect.objectContaining({ country: 'JP' }) as unknown,
      });
      expect(await paymentOf(shop, paid)).toMatchObject({
        amount: 5700,
        currency: 'jpy',
        application_fee_amount: fee,
      });
    }, 90_000);

    it('refunds with shipping: 20 "Refund shipping" posts at once refund it once; the cap is the total incl. shipping', async () => {
      const { shop } = await shippingShop([{ name: 'Lamp', price: '20.00' }]);
      const shopper = new Shopper(t, shop.shop.slug);
      await shopper.add(shop.products[0].id, 1);
      const order = await pay(shop, await shopper.checkout(undefined, 'BE'), 0);
      expect(order).toMatchObject({ totalAmount: 2490, shippingAmount: 490 });
      const merchant = await loginAgent(t, shop);
      const page = (await merchant.get(`/dashboard/orders/${order.id}`).expect(200)).text;
      expect(page).toContain('Refund shipping (€4.90)');

      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          merchant.post(`/dashboard/orders/${order.id}/refunds`, { amount: '', refundShipping: 'on' }),
        ),
      );
      expect(results.filter((r) => r.status === 303)).toHaveLength(1);
      expect(results.filter((r) => r.status === 422)).toHaveLength(19);
      expect(results.find((r) => r.status === 422)!.text).toContain(
        'The shipping of this order is already refunded.',
      );
      const refunds = async () =>
        (
          await s.stripe.refunds.list(
            { payment_intent: order.stripePaymentIntentId! },
            { stripeAccount: shop.account },
          )
        ).data;
      expect((await refunds()).map((r) => r.amount)).toEqual([490]);
      const after = (await merchant.get(`/dashboard/orders/${order.id}`).expect(200)).text;
      expect(after).not.toContain('Refund shipping (');

      // What is left is the goods: one cent more is refused, the goods exactly go through.
      const over = await merchant.post(`/dashboard/orders/${order.id}/refunds`, { amount: '20.01' });
      expect(over.status).toBe(422);
      expect(over.text).toContain('You can refund at most €20.00 on this order');
      await merchant.post(`/dashboard/orders/${order.id}/refunds`, { amount: '20.00' }).expect(303);
      expect((await refunds()).map((r) => r.amount).sort()).toEqual([2000, 490]);
      const refunded = await eventually(async () => {
        const o = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
        return o.status === OrderStatus.Refunded ? o : undefined;
      });
      expect(refunded.amountRefunded).toBe(2490);
    }, 90_000);

    it('a goods amount and the shipping box together make one refund of both', async () => {
      const { shop } = await shippingShop([{ name: 'Stool', price: '30.00' }]);
      const shopper = new Shopper(t, shop.shop.slug);
      await shopper.add(shop.products[0].id, 1);
      const order = await pay(shop, await shopper.checkout(undefined, 'BE'), 0);
      const merchant = await loginAgent(t, shop);
      await merchant
        .post(`/dashboard/orders/${order.id}/refunds`, { amount: '10.00', refundShipping: 'on' })
        .expect(303);
      const [refund] = (
        await s.stripe.refunds.list(
          { payment_intent: order.stripePaymentIntentId! },
          { stripeAccount: shop.account },
        )
      ).data;
      expect(refund.amount).toBe(1490);
    }, 90_000);
  });

  it('a shop that does not ship physical goods asks no country and sends no shipping', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'E-book', price: '5.00' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    expect((await shopper.get('/cart').expect(200)).text).not.toContain("name='country'");
    const order = await orderBySession(t, sessionIdOf(await shopper.checkout()));
    expect(order).toMatchObject({ shippingCountry: null, shippingOffer: null });
    const params = lastSessionParams(shop.account);
    expect(params.shipping_address_collection).toBeUndefined();
    expect(params.shipping_options).toBeUndefined();
  }, 60_000);
});
