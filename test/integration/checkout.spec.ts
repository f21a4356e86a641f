import { Product } from '../../src/catalog/entities/product.entity.js';
import { ProductVariant } from '../../src/catalog/entities/product-variant.entity.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { OrderEvent } from '../../src/orders/entities/order-event.entity.js';
import { OrderItem } from '../../src/orders/entities/order-item.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { OrderStatus } from '../../src/orders/order-status.js';
import {
  ADDRESS,
  CARD,
  expectStatus,
  orderBySession,
  payOnEmulator,
  sellingShop,
  sessionIdOf,
  setShop,
  Shopper,
  waitForStatus,
  deliverConnectEvent,
  type Stripe,
} from '../factories/checkout.js';
import { stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import { addZone } from '../factories/shipping.js';
import type { TestApp } from '../support/test-app.js';

interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  account: string | null;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

describe('Checkout: direct charges and the order lifecycle, against the emulator with real webhooks', () => {
  let s: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    // The app registers its endpoints on the emulator at boot; events reach it from then on.
    ({ emu: s, t } = await stripeApp());
  }, 60_000);

  const sessionRequests = async (): Promise<RecordedRequest[]> => {
    const res = await fetch(`${s.emulator.url}/_emulator/requests?path=/v1/checkout/sessions&method=POST`);
    const body = (await res.json()) as { data?: RecordedRequest[] } | RecordedRequest[];
    return (Array.isArray(body) ? body : (body.data ?? [])).filter((r) => r.path === '/v1/checkout/sessions');
  };
  const mails = (to: string) =>
    t.db.getRepository(OutboxMail).find({ where: { to }, order: { createdAt: 'ASC' } });
  const stockOf = async (id: string) => (await t.db.getRepository(Product).findOneByOrFail({ id })).stock;

  it('makes the session on the shop’s account with the fee, Prices, descriptor, URLs and a key from the order; 4242 → paid, mails', async () => {
    const shop = await sellingShop(t, s, {
      currency: 'eur',
      products: [
        { name: 'Teapot', price: '25.00', stock: '5' },
        { name: 'Cup', price: '6.50' },
      ],
    });
    await setShop(t, shop.shop.id, { statementDescriptorSuffix: 'TEAHOUSE', shipsPhysicalGoods: true });
    // A zone without rates: the address is collected in the chosen country, no option offered.
    await addZone(t, shop.shop.id, ['FR', 'BE']);
    const [teapot, cup] = shop.products;
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(teapot.id, 2);
    await shopper.add(cup.id, 1);
    const before = Math.floor(Date.now() / 1000);
    const url = await shopper.checkout('buyer@example.com', 'BE');
    expect(url.startsWith(`${s.emulator.url}/c/pay/cs_`)).toBe(true);
    const sessionId = sessionIdOf(url);

    const order = await orderBySession(t, sessionId);
    expect(order).toMatchObject({
      shopId: shop.shop.id,
      status: OrderStatus.Pending,
      currency: 'eur',
      totalAmount: 5650,
      // 5 % of 5650 = 282.5 → 283, + 25 fixed (PLATFORM_FEE defaults)
      applicationFeeAmount: 308,
      customerEmail: 'buyer@example.com',
      stripeAccountId: shop.account,
      stockReserved: true,
    });
    expect(await stockOf(teapot.id)).toBe(3);
    const items = await t.db.getRepository(OrderItem).find({ where: { orderId: order.id } });
    expect(items.map((i) => [i.name, i.unitAmount, i.quantity, i.stripePriceId]).sort()).toEqual(
      [
        ['Cup', 650, 1, cup.stripePriceId],
        ['Teapot', 2500, 2, teapot.stripePriceId],
      ].sort(),
    );

    const [recorded] = (await sessionRequests()).filter(
      (r) => r.status === 200 && r.account === shop.account,
    );
    expect(recorded.account).toBe(shop.account);
    expect(recorded.idempotencyKey).toBe(`comptoir-checkout-session-${order.id}`);
    const origin = `http://${shop.shop.slug}.localhost:${t.config.port}`;
    expect(recorded.params).toMatchObject({
      mode: 'payment',
      client_reference_id: order.id,
      customer_email: 'buyer@example.com',
      metadata: { order_id: order.id, shop_id: shop.shop.id },
      payment_intent_data: {
        application_fee_amount: '308',
        statement_descriptor_suffix: 'TEAHOUSE',
        metadata: { order_id: order.id },
      },
      shipping_address_collection: { allowed_countries: ['BE'] },
      success_url: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin}/checkout/cancel`,
    });
    const lineItems = recorded.params.line_items as Array<{ price: string; quantity: number }>;
    expect(lineItems.map((l) => [l.price, Number(l.quantity)]).sort()).toEqual(
      [
        [teapot.stripePriceId, 2],
        [cup.stripePriceId, 1],
      ].sort(),
    );
    const expiresAt = Number(recorded.params.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60);
    expect(expiresAt).toBeLessThanOrEqual(before + 32 * 60 + 5);

    // Before Stripe reports anything, the success page shows "processing" and polls its status
    // (a same-origin script, no meta refresh), with a plain link for browsers without scripts.
    const early = await shopper.get(`/checkout/success?session_id=${sessionId}`).expect(200);
    expect(early.text).toContain('Payment processing');
    expect(early.text).not.toContain('http-equiv="refresh"');
    expect(early.text).toContain('<script src="/static/js/poll-status.js" defer></script>');
    const attributes = early.text.replaceAll('&#x3D;', '='); // Handlebars escapes "=" in attributes
    expect(attributes).toContain(`data-poll-url='/checkout/status?session_id=${sessionId}'`);
    expect(attributes).toContain(`<a href='/checkout/success?session_id=${sessionId}'>Check again</a>`);

    // The shop ships: the shopper gives an address on the hosted page.
    const paid = await payOnEmulator(url, { ...CARD('4242424242424242'), ...ADDRESS('BE') });
    expect(paid.location).toBe(`${origin}/checkout/success?session_id=${sessionId}`);
    const settled = await waitForStatus(t, order.id, OrderStatus.Paid);
    expect(settled.paidAt).not.toBeNull();
    expect(settled.stripePaymentIntentId).toMatch(/^pi_/);
    expect(await stockOf(teapot.id)).toBe(3);

    const page = await shopper.get(`/checkout/success?session_id=${sessionId}`).expect(200);
    expect(page.text).toContain('Your order is paid');
    expect(page.text).not.toContain('http-equiv="refresh"');
    // The paid cart is cleared.
    expect(String(page.headers['set-cookie'])).toMatch(/cart=;/);

    const [receipt] = await mails('buyer@example.com');
    expect(receipt.subject).toBe(`Your order #${order.number} at ${shop.shop.name}`);
    const link = /(http:\/\/\S+\/orders\/\S+)/.exec(receipt.text)![1];
    expect(link.startsWith(`${origin}/orders/${order.id}?t=`)).toBe(true);
    const statusPage = await shopper.get(link.slice(origin.length)).expect(200);
    expect(statusPage.text).toContain(`Order #${order.number}`);
    await shopper.get(`/orders/${order.id}?t=wrong`).expect(404);
    const [merchantMail] = await mails(shop.email);
    expect(merchantMail.subject).toContain(`New order #${order.number}`);
    expect(merchantMail.text).toContain('Platform fee: €3.08');

    const timeline = await t.db
      .getRepository(OrderEvent)
      .find({ where: { orderId: order.id }, order: { at: 'ASC' } });
    expect(timeline.map((e) => e.type)).toEqual(['created', 'checkout_started', 'paid']);

    // The split: the account gets 5650 − Stripe's fee − 308, the platform the 308.
    const balances = (await (await fetch(`${s.emulator.url}/_emulator/balances`)).json()) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(balances)).toContain(shop.account);
    const platform = await s.stripe.balance.retrieve();
    expect(platform.pending.find((b) => b.currency === 'eur')?.amount).toBeGreaterThanOrEqual(308);
  }, 60_000);

  it('a double submit and a resubmitted cart reuse one session; a changed cart expires it and makes another', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Kettle', price: '40.00', stock: '3' }] });
    const [kettle] = shop.products;
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(kettle.id, 1);
    const [a, b] = await Promise.all([shopper.checkout(), shopper.checkout()]);
    expect(a).toBe(b);
    expect(await shopper.checkout()).toBe(a);
    const orders = await t.db.getRepository(Order).find({ where: { shopId: shop.shop.id } });
    expect(orders).toHaveLength(1);
    expect(await stockOf(kettle.id)).toBe(2);
    const created = (await sessionRequests()).filter(
      (r) => r.account === shop.account && !r.replayed && r.status === 200,
    );
    expect(created).toHaveLength(1);

    // The cancel link brings the shopper back to the cart, intact.
    const cancel = await shopper.get('/checkout/cancel').expect(303);
    expect(cancel.headers.location).toBe('/cart?cancelled=1');
    const cart = await shopper.get('/cart?cancelled=1').expect(200);
    expect(cart.text).toContain('Payment cancelled');
    expect(cart.text).toContain('Kettle');

    expectStatus(await shopper.post('/cart/update', { productId: kettle.id, quantity: '2' }), 303);
    const c = await shopper.checkout();
    expect(c).not.toBe(a);
    const old = await t.db.getRepository(Order).findOneByOrFail({ id: orders[0].id });
    expect(old.status).toBe(OrderStatus.Expired);
    expect(old.stockReserved).toBe(false);
    expect(
      (await s.stripe.checkout.sessions.retrieve(sessionIdOf(a), {}, { stripeAccount: shop.account })).status,
    ).toBe('expired');
    // 3 − 2 for the new order (the old hold of 1 was given back).
    expect(await stockOf(kettle.id)).toBe(1);
  }, 60_000);

  it('the last item cannot be sold twice: 20 concurrent checkouts, one reservation', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Last vase', price: '90.00', stock: '1' }] });
    const [vase] = shop.products;
    const shoppers = Array.from({ length: 20 }, () => new Shopper(t, shop.shop.slug));
    for (const sh of shoppers) await sh.add(vase.id, 1);
    const results = await Promise.all(shoppers.map(async (sh) => (await sh.post('/checkout', {})).status));
    expect(results.filter((st) => st === 303)).toHaveLength(1);
    expect(results.filter((st) => st === 409)).toHaveLength(19);
    expect(await stockOf(vase.id)).toBe(0);
    expect(await t.db.getRepository(Order).countBy({ shopId: shop.shop.id })).toBe(1);
  }, 60_000);

  it('a declined card leaves the session open and the order pending with its stock held', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Bowl', price: '12.00', stock: '2' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout();
    for (const card of ['4000000000000002', '4000000000009995']) {
      const declined = await payOnEmulator(url, CARD(card));
      expect(declined.status).toBe(402);
    }
    const order = await orderBySession(t, sessionIdOf(url));
    await new Promise((r) => setTimeout(r, 500));
    expect((await t.db.getRepository(Order).findOneByOrFail({ id: order.id })).status).toBe(
      OrderStatus.Pending,
    );
    expect(await stockOf(shop.products[0].id)).toBe(1);
    // Then a good card on the same session pays it.
    await payOnEmulator(url, CARD('4242424242424242'));
    await waitForStatus(t, order.id, OrderStatus.Paid);
  }, 60_000);

  it('SEPA: delayed success → awaiting_payment then paid; delayed failure → payment_failed, stock back, shopper mailed', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Tea tin', price: '15.00', stock: '4' }] });
    const [tin] = shop.products;
    const good = new Shopper(t, shop.shop.slug);
    await good.add(tin.id, 1);
    const goodUrl = await good.checkout();
    const bad = new Shopper(t, shop.shop.slug);
    await bad.add(tin.id, 2);
    const badUrl = await bad.checkout('sepa-fail@example.com');
    expect(await stockOf(tin.id)).toBe(1);

    const sepa = (iban: string, email: string) => ({ email, account_holder: 'Sam Shopper', iban });
    await payOnEmulator(goodUrl, sepa('AT611904300234573201', 'sepa-ok@example.com'), '/sepa');
    await payOnEmulator(badUrl, sepa('AT861904300235473202', 'sepa-fail@example.com'), '/sepa');
    const goodOrder = await waitForStatus(
      t,
      (await orderBySession(t, sessionIdOf(goodUrl))).id,
      OrderStatus.AwaitingPayment,
    );
    const badOrder = await waitForStatus(
      t,
      (await orderBySession(t, sessionIdOf(badUrl))).id,
      OrderStatus.AwaitingPayment,
    );
    const processing = await bad.get(`/checkout/success?session_id=${sessionIdOf(badUrl)}`).expect(200);
    expect(processing.text).toContain('Payment processing');

    s.emulator.advanceClock(6);
    await waitForStatus(t, goodOrder.id, OrderStatus.Paid);
    await waitForStatus(t, badOrder.id, OrderStatus.PaymentFailed);
    expect(await stockOf(tin.id)).toBe(3);
    const [failedMail] = await mails('sepa-fail@example.com');
    expect(failedMail.subject).toBe(`Payment failed for your order #${badOrder.number} at ${shop.shop.name}`);
    expect((await mails('sepa-ok@example.com')).map((m) => m.subject)).toEqual([
      `Your order #${goodOrder.number} at ${shop.shop.name}`,
    ]);
    const failedPage = await bad.get(`/checkout/success?session_id=${sessionIdOf(badUrl)}`).expect(200);
    expect(failedPage.text).toContain('Payment failed');
  }, 60_000);

  it('a failed bank redirect keeps the session open, the order pending and its stock held', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Tray', price: '30.00', stock: '1' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout();
    const start = await payOnEmulator(url, { email: 'ideal@example.com', method: 'ideal' }, '/redirect');
    const bank = start.location!;
    const failed = await fetch(bank, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=fail',
    });
    expect(failed.headers.get('location')).toContain('redirect_status=failed');
    const order = await orderBySession(t, sessionIdOf(url));
    await new Promise((r) => setTimeout(r, 500));
    expect((await t.db.getRepository(Order).findOneByOrFail({ id: order.id })).status).toBe(
      OrderStatus.Pending,
    );
    expect(await stockOf(shop.products[0].id)).toBe(0);
  }, 60_000);

  it('refuses a shop that is suspended, not connected or not charges_enabled, and unavailable products', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Spoon', price: '3.00' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);

    await setShop(t, shop.shop.id, { stripeChargesEnabled: false });
    let res = await shopper.post('/checkout', {});
    expect(res.status).toBe(503);
    expect(res.text).toContain('cannot accept payments yet');

    await setShop(t, shop.shop.id, { stripeChargesEnabled: true, stripeDisconnectedAt: new Date() });
    res = await shopper.post('/checkout', {});
    expect(res.status).toBe(503);
    expect(res.text).toContain('no payment account connected');

    await setShop(t, shop.shop.id, {
      stripeDisconnectedAt: null,
      suspendedAt: new Date(),
      suspendedReason: 'test',
    });
    res = await shopper.post('/checkout', {});
    expect(res.status).toBe(503);

    await setShop(t, shop.shop.id, { suspendedAt: null, suspendedReason: null });
    // The Price lives on the product's (default) variant.
    await t.db
      .getRepository(ProductVariant)
      .update({ productId: shop.products[0].id }, { stripePriceAmount: 1 });
    res = await shopper.post('/checkout', {});
    expect(res.status).toBe(503);
    expect(res.text).toContain('cannot be bought at this very moment');
    await t.db.getRepository(Product).update({ id: shop.products[0].id }, { published: false });
    res = await shopper.post('/checkout', {});
    expect(res.status).toBe(409);
    expect(res.text).toContain('no longer available');
    expect(await t.db.getRepository(Order).countBy({ shopId: shop.shop.id })).toBe(0);
  }, 60_000);

  it('rate-limits new sessions per shopper', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Sugar', price: '2.00' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    // Each quantity change is a new cart → a new session; the 11th in 15 minutes is refused.
    const statuses: number[] = [];
    for (let q = 1; q <= 11; q++) {
      expectStatus(
        await shopper.post('/cart/update', { productId: shop.products[0].id, quantity: String(q) }),
        303,
      );
      statuses.push((await shopper.post('/checkout', {})).status);
    }
    expect(statuses.slice(0, 10).every((st) => st === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  }, 60_000);

  it('another shop’s order is not found on this shop’s host', async () => {
    const a = await sellingShop(t, s, { products: [{ name: 'Plate', price: '8.00' }] });
    const b = await sellingShop(t, s, { products: [{ name: 'Fork', price: '2.00' }] });
    const shopper = new Shopper(t, a.shop.slug);
    await shopper.add(a.products[0].id, 1);
    const url = await shopper.checkout();
    const order = await orderBySession(t, sessionIdOf(url));
    const other = new Shopper(t, b.shop.slug);
    await other.get(`/checkout/success?session_id=${sessionIdOf(url)}`).expect(404);
    await other.get(`/orders/${order.id}?t=anything`).expect(404);
    await shopper.get(`/checkout/success?session_id=${sessionIdOf(url)}`).expect(200);
  }, 60_000);

  it('the success page’s JSON status answers only for this shop’s session, uncached; 404 otherwise', async () => {
    const a = await sellingShop(t, s, { products: [{ name: 'Jug', price: '12.00' }] });
    const b = await sellingShop(t, s, { products: [{ name: 'Cup', price: '4.00' }] });
    const shopper = new Shopper(t, a.shop.slug);
    await shopper.add(a.products[0].id, 2);
    const url = await shopper.checkout();
    const sessionId = sessionIdOf(url);
    const statusOf = (who: Shopper, id: string) =>
      who.get(`/checkout/status?session_id=${id}`).set('Accept', 'application/json');

    const pending = await statusOf(shopper, sessionId).expect(200);
    expect(pending.headers['cache-control']).toBe('no-store');
    expect(pending.headers['content-type']).toMatch(/^application\/json/);
    expect(pending.body).toEqual({
      state: 'pending',
      heading: 'Payment processing',
      message: expect.stringContaining('waiting for the confirmation') as string,
      settled: false,
      cartLabel: 'Cart (2)',
    });

    const other = new Shopper(t, b.shop.slug);
    const cross = await statusOf(other, sessionId).expect(404);
    expect(cross.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(cross.body)).not.toContain('Jug');
    await statusOf(shopper, 'cs_test_unknown123').expect(404);
    // Not a Checkout Session id at all: a malformed parameter, 400 like every route's (hostile-params).
    await statusOf(shopper, 'not-a-session').expect(400);
    await shopper.get('/checkout/status').expect(404);

    await payOnEmulator(url, CARD('4242424242424242', 'jug-buyer@example.com'));
    const order = await waitForStatus(t, (await orderBySession(t, sessionId)).id, OrderStatus.Paid);
    const paid = await statusOf(shopper, sessionId).expect(200);
    expect(paid.body).toMatchObject({
      state: 'paid',
      settled: true,
      heading: 'Thank you! Your order is paid.',
    });
    // The paid cart is cleared by the status call too, since the page is not reloaded.
    expect(String(paid.headers['set-cookie'])).toMatch(/cart=;/);
    expect((await statusOf(shopper, sessionId).expect(200)).body.cartLabel).toBe('Cart');

    // The receipt's status page has the same JSON, behind the order's private token.
    const receipt = await eventually(async () => (await mails('jug-buyer@example.com'))[0]);
    const link = new URL(/(http:\/\/\S+\/orders\/\S+)/.exec(receipt.text)![1]);
    const byToken = await shopper.get(`${link.pathname}/status${link.search}`).expect(200);
    expect(byToken.body).toMatchObject({ state: 'paid', settled: true });
    expect(byToken.headers['cache-control']).toBe('no-store');
    await other.get(`${link.pathname}/status${link.search}`).expect(404);
    await shopper.get(`/orders/${order.id}/status?t=wrong`).set('Accept', 'application/json').expect(404);
  }, 60_000);

  it('flags (and does not apply) an event whose amount, currency or account does not match the order', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Mug', price: '9.00', stock: '3' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 1);
    const url = await shopper.checkout();
    const order = await orderBySession(t, sessionIdOf(url));
    const session = await s.stripe.checkout.sessions.retrieve(
      sessionIdOf(url),
      {},
      { stripeAccount: shop.account },
    );
    const store = (event: Stripe.Event) => deliverConnectEvent(t, event);
    const complete = { ...session, status: 'complete', payment_status: 'paid' };

    expect(
      await store(
        stripeEvent(
          'checkout.session.completed',
          { ...complete, amount_total: 1 },
          { account: shop.account },
        ),
      ),
    ).toBe('processed');
    let row = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
    expect(row.status).toBe(OrderStatus.Pending);
    expect(row.flagReason).toContain('amount 1');

    await store(
      stripeEvent('checkout.session.completed', { ...complete, currency: 'usd' }, { account: shop.account }),
    );
    row = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
    expect(row.status).toBe(OrderStatus.Pending);
    expect(row.flagReason).toContain('currency usd');

    expect(
      await store(stripeEvent('checkout.session.completed', complete, { account: 'acct_someone_else' })),
    ).toBe('quarantined');
    row = await t.db.getRepository(Order).findOneByOrFail({ id: order.id });
    expect(row.status).toBe(OrderStatus.Pending);
    expect(row.flagReason).toContain('acct_someone_else');
  }, 60_000);

  // Last: it moves the emulator's clock past every open session's expiry.
  it('expiry: checkout.session.expired → expired, stock released, no mail', async () => {
    const shop = await sellingShop(t, s, { products: [{ name: 'Jar', price: '7.00', stock: '2' }] });
    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id, 2);
    const url = await shopper.checkout('late@example.com');
    const order = await orderBySession(t, sessionIdOf(url));
    expect(await stockOf(shop.products[0].id)).toBe(0);
    s.emulator.advanceClock(32 * 60);
    await waitForStatus(t, order.id, OrderStatus.Expired);
    expect(await stockOf(shop.products[0].id)).toBe(2);
    expect(await mails('late@example.com')).toEqual([]);
    const page = await shopper.get(`/checkout/success?session_id=${sessionIdOf(url)}`).expect(200);
    expect(page.text).toContain('Checkout expired');
  }, 60_000);
});
