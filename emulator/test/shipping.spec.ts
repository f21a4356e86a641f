import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { freshEmulator, onboardedAccount, sdk, webhookReceiver } from './helpers.js';

type CreateParams = Stripe.Checkout.SessionCreateParams;
type RateData = Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData;

const euros = (lang: string, amount: number) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(amount);

// 2 × 25.00 € of goods, shipping 4.90 €, application fee 1.50 € (on the goods, as given).
const GOODS = 5000;
const SHIPPING = 490;
const APP_FEE = 150;

const STANDARD: RateData = {
  display_name: 'Colissimo',
  type: 'fixed_amount',
  fixed_amount: { amount: SHIPPING, currency: 'eur' },
  delivery_estimate: {
    minimum: { unit: 'business_day', value: 2 },
    maximum: { unit: 'business_day', value: 4 },
  },
  metadata: { zone: 'fr-be' },
};
const PICKUP: RateData = {
  display_name: 'Pickup in store',
  fixed_amount: { amount: 0, currency: 'eur' },
};

const ADDRESS = (country = 'BE', rate?: string) => ({
  shipping_name: 'Sam Shopper',
  shipping_line1: '1 rue de la Paix',
  shipping_postal_code: '1000',
  shipping_city: 'Bruxelles',
  shipping_country: country,
  ...(rate ? { shipping_rate: rate } : {}),
});
const CARD = {
  email: 'sam@example.com',
  card_number: '4242424242424242',
  card_expiry: '12 / 34',
  card_cvc: '123',
  cardholder_name: 'Sam Shopper',
};

/** Shipping options on Checkout Sessions, Shipping Rates, and the shopper's choice, as Stripe. */
describe('emulator shipping: Shipping Rates, shipping_options, the hosted page’s choice', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let account: Stripe.Account;
  let other: Stripe.Account;
  const opts = () => ({ stripeAccount: account.id });

  beforeAll(async () => {
    emulator = await freshEmulator();
    stripe = sdk(emulator, { maxNetworkRetries: 0 });
    account = await onboardedAccount(emulator, stripe, 'Atelier Lune');
    other = await onboardedAccount(emulator, stripe, 'Other Shop');
  });
  afterAll(() => emulator.close());

  const create = (params: Partial<CreateParams> = {}, stripeAccount = account.id) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            price_data: { currency: 'eur', unit_amount: 2500, product_data: { name: 'Teapot' } },
            quantity: 2,
          },
        ],
        success_url: 'http://shop.test/thanks',
        payment_intent_data: { application_fee_amount: APP_FEE },
        shipping_address_collection: { allowed_countries: ['FR', 'BE'] },
        ...params,
      },
      { stripeAccount },
    );
  const refusal = async (params: Partial<CreateParams>, stripeAccount = account.id) => {
    const err = await create(params, stripeAccount).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    return err as Stripe.errors.StripeInvalidRequestError;
  };
  const post = (url: string, form: Record<string, string>, lang = 'en') =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'accept-language': lang },
      body: new URLSearchParams(form),
    });
  const rateIds = (s: Stripe.Checkout.Session) => s.shipping_options.map((o) => o.shipping_rate as string);

  it('keeps the options in the order sent, creates a Shipping Rate per shipping_rate_data, leaves the cost unset', async () => {
    const session = await create({
      shipping_options: [{ shipping_rate_data: STANDARD }, { shipping_rate_data: PICKUP }],
    });
    expect(session.shipping_address_collection).toEqual({ allowed_countries: ['FR', 'BE'] });
    expect(session.shipping_options.map((o) => o.shipping_amount)).toEqual([SHIPPING, 0]);
    expect(session.shipping_cost).toBeNull();
    expect(session.total_details?.amount_shipping).toBe(0);
    expect(session.amount_total).toBe(GOODS);
    const [standard, pickup] = await Promise.all(
      rateIds(session).map((id) => stripe.shippingRates.retrieve(id, {}, opts())),
    );
    expect(standard).toMatchObject({
      object: 'shipping_rate',
      active: true,
      display_name: 'Colissimo',
      type: 'fixed_amount',
      fixed_amount: { amount: SHIPPING, currency: 'eur' },
      delivery_estimate: {
        minimum: { unit: 'business_day', value: 2 },
        maximum: { unit: 'business_day', value: 4 },
      },
      metadata: { zone: 'fr-be' },
      tax_behavior: 'unspecified',
    });
    expect(standard.id).toMatch(/^shr_/);
    expect(pickup).toMatchObject({ display_name: 'Pickup in store', delivery_estimate: null });
    const expanded = await stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ['shipping_options.shipping_rate'] },
      opts(),
    );
    expect(
      expanded.shipping_options.map((o) => (o.shipping_rate as Stripe.ShippingRate).display_name),
    ).toEqual(['Colissimo', 'Pickup in store']);
    // Stored on the connected account only.
    await expect(stripe.shippingRates.retrieve(standard.id)).rejects.toMatchObject({
      code: 'resource_missing',
    });
  });

  it('creates, lists, deactivates and uses an existing rate; refuses an inactive one', async () => {
    const rate = await stripe.shippingRates.create(
      { display_name: 'Express', fixed_amount: { amount: 1200, currency: 'EUR' }, metadata: { a: '1' } },
      opts(),
    );
    expect(rate.fixed_amount).toEqual({ amount: 1200, currency: 'eur' });
    const session = await create({
      shipping_options: [{ shipping_rate: rate.id }, { shipping_rate_data: PICKUP }],
    });
    expect(session.shipping_options[0]).toEqual({ shipping_amount: 1200, shipping_rate: rate.id });
    const listed = await stripe.shippingRates.list({ limit: 100 }, opts());
    expect(listed.data.map((r) => r.id)).toContain(rate.id);
    const updated = await stripe.shippingRates.update(
      rate.id,
      { active: false, metadata: { a: '', b: '2' } },
      opts(),
    );
    expect(updated).toMatchObject({ active: false, metadata: { b: '2' } });
    const active = await stripe.shippingRates.list({ active: true, limit: 100 }, opts());
    expect(active.data.map((r) => r.id)).not.toContain(rate.id);
    const err = await refusal({ shipping_options: [{ shipping_rate: rate.id }] });
    expect(err.param).toBe('shipping_options[0][shipping_rate]');
  });

  it('refuses what Stripe refuses, with Stripe’s error shape and param', async () => {
    const usd = await stripe.shippingRates.create(
      { display_name: 'US', fixed_amount: { amount: 500, currency: 'usd' } },
      opts(),
    );
    const data = (patch: Partial<RateData>) => ({ shipping_rate_data: { ...STANDARD, ...patch } });
    const cases: Array<[string, Partial<CreateParams>, string, string?]> = [
      [
        'six options',
        { shipping_options: Array.from({ length: 6 }, () => ({ shipping_rate_data: PICKUP })) },
        'shipping_options',
      ],
      [
        'both rate and data',
        { shipping_options: [{ shipping_rate: usd.id, shipping_rate_data: PICKUP }] },
        'shipping_options[0][shipping_rate]',
        'parameters_exclusive',
      ],
      // The SDK drops an empty hash: an empty `shipping_rate` is how neither reaches the API.
      ['neither rate nor data', { shipping_options: [{ shipping_rate: '' }] }, 'shipping_options[0]'],
      [
        'a negative amount',
        { shipping_options: [data({ fixed_amount: { amount: -1, currency: 'eur' } })] },
        'shipping_options[0][shipping_rate_data][fixed_amount][amount]',
      ],
      [
        'a decimal amount',
        { shipping_options: [data({ fixed_amount: { amount: 4.9, currency: 'eur' } })] },
        'shipping_options[0][shipping_rate_data][fixed_amount][amount]',
        'parameter_invalid_integer',
      ],
      [
        'another currency',
        {
          shipping_options: [
            { shipping_rate_data: PICKUP },
            data({ fixed_amount: { amount: 1, currency: 'usd' } }),
          ],
        },
        'shipping_options[1][shipping_rate_data][fixed_amount][currency]',
      ],
      [
        'an existing rate in another currency',
        { shipping_options: [{ shipping_rate: usd.id }] },
        'shipping_options[0][shipping_rate]',
      ],
      [
        'no display_name',
        {
          shipping_options: [
            { shipping_rate_data: { fixed_amount: { amount: 1, currency: 'eur' } } as RateData },
          ],
        },
        'shipping_options[0][shipping_rate_data][display_name]',
        'parameter_missing',
      ],
      [
        'a display_name of 101 characters',
        { shipping_options: [data({ display_name: 'x'.repeat(101) })] },
        'shipping_options[0][shipping_rate_data][display_name]',
      ],
      [
        'no fixed_amount',
        { shipping_options: [{ shipping_rate_data: { display_name: 'Free' } }] },
        'shipping_options[0][shipping_rate_data][fixed_amount]',
        'parameter_missing',
      ],
      [
        'an estimate of 0 days',
        { shipping_options: [data({ delivery_estimate: { minimum: { unit: 'day', value: 0 } } })] },
        'shipping_options[0][shipping_rate_data][delivery_estimate][minimum][value]',
      ],
      [
        'an unknown unit',
        {
          shipping_options: [
            data({ delivery_estimate: { maximum: { unit: 'fortnight' as 'day', value: 1 } } }),
          ],
        },
        'shipping_options[0][shipping_rate_data][delivery_estimate][maximum][unit]',
      ],
      [
        'an estimate without its unit',
        {
          shipping_options: [
            data({ delivery_estimate: { maximum: { value: 1 } as { unit: 'day'; value: 1 } } }),
          ],
        },
        'shipping_options[0][shipping_rate_data][delivery_estimate][maximum][unit]',
        'parameter_missing',
      ],
      [
        'an unknown key',
        { shipping_options: [data({ colour: 'red' } as Partial<RateData>)] },
        'shipping_options[0][shipping_rate_data][colour]',
        'parameter_unknown',
      ],
      [
        'an unknown shr_',
        { shipping_options: [{ shipping_rate: 'shr_doesnotexist' }] },
        'shipping_options[0][shipping_rate]',
        'resource_missing',
      ],
    ];
    const before = (await stripe.shippingRates.list({ limit: 100 }, opts())).data.length;
    for (const [what, params, param, code] of cases) {
      const err = await refusal(params);
      expect({ what, type: err.raw, param: err.param }).toMatchObject({
        what,
        type: { type: 'invalid_request_error', ...(code ? { code } : {}) },
        param,
      });
    }
    // A refused session stores none of its new rates (the first option of "another currency" was valid).
    expect((await stripe.shippingRates.list({ limit: 100 }, opts())).data.length).toBe(before);
    // The same checks on POST /v1/shipping_rates, where params have no prefix.
    const direct = await stripe.shippingRates
      .create(
        {
          display_name: 'Zero',
          fixed_amount: { amount: 100, currency: 'eur' },
          delivery_estimate: { maximum: { unit: 'day', value: 0 } },
        },
        opts(),
      )
      .catch((e: Stripe.errors.StripeError) => e);
    expect(direct).toMatchObject({ param: 'delivery_estimate[maximum][value]' });
  });

  it('refuses another account’s shr_ as missing, in a session and on retrieve', async () => {
    const theirs = await stripe.shippingRates.create(
      { display_name: 'Theirs', fixed_amount: { amount: 300, currency: 'eur' } },
      { stripeAccount: other.id },
    );
    const err = await refusal({ shipping_options: [{ shipping_rate: theirs.id }] });
    expect(err.raw).toMatchObject({ code: 'resource_missing', param: 'shipping_options[0][shipping_rate]' });
    await expect(stripe.shippingRates.retrieve(theirs.id, {}, opts())).rejects.toMatchObject({
      code: 'resource_missing',
    });
    await expect(stripe.shippingRates.update(theirs.id, { active: false }, opts())).rejects.toMatchObject({
      code: 'resource_missing',
    });
  });

  it('pays with the chosen option: figures on the session, event, intent, charge, balances; refunds to the new total', async () => {
    const hook = await webhookReceiver();
    await stripe.webhookEndpoints.create({ url: hook.url, enabled_events: ['*'], connect: true });
    const session = await create({
      shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
    });
    const [pickup, standard] = rateIds(session);
    const page = await fetch(session.url!).then((r) => r.text());
    // The first option pre-selected, the total without shipping (pickup is free).
    expect(page).toMatch(new RegExp(`value="${pickup}"\\s+checked`));
    expect(page).toContain(`data-testid="total">${euros('en', 50)}<`);
    // "Update total" with the other option: the page's total includes it, nothing is paid.
    const updated = await post(session.url!, { ...CARD, ...ADDRESS('BE', standard), update_total: '1' });
    expect(updated.status).toBe(200);
    const updatedPage = await updated.text();
    expect(updatedPage).toContain(`data-testid="total">${euros('en', 54.9)}<`);
    expect(updatedPage).toMatch(new RegExp(`value="${standard}"\\s+checked`));
    expect(updatedPage).toContain('value="1 rue de la Paix"');
    expect((await stripe.checkout.sessions.retrieve(session.id, {}, opts())).payment_intent).toBeNull();

    const paid = await post(session.url!, { ...CARD, ...ADDRESS('BE', standard) });
    expect(paid.status).toBe(303);
    const total = GOODS + SHIPPING;
    const got = await stripe.checkout.sessions.retrieve(
      session.id,
      { expand: ['shipping_cost.shipping_rate'] },
      opts(),
    );
    expect(got).toMatchObject({
      status: 'complete',
      amount_subtotal: GOODS,
      amount_total: total,
      total_details: { amount_discount: 0, amount_shipping: SHIPPING, amount_tax: 0 },
      shipping_cost: { amount_subtotal: SHIPPING, amount_tax: 0, amount_total: SHIPPING },
      collected_information: {
        shipping_details: {
          name: 'Sam Shopper',
          address: {
            line1: '1 rue de la Paix',
            line2: null,
            postal_code: '1000',
            city: 'Bruxelles',
            state: null,
            country: 'BE',
          },
        },
      },
    });
    expect(got.shipping_cost?.shipping_rate).toMatchObject({ id: standard, object: 'shipping_rate' });
    // Line items do not include shipping.
    const items = await stripe.checkout.sessions.listLineItems(session.id, {}, opts());
    expect(items.data.map((li) => li.amount_total)).toEqual([GOODS]);

    const pi = await stripe.paymentIntents.retrieve(got.payment_intent as string, {}, opts());
    expect(pi).toMatchObject({ amount: total, amount_received: total, application_fee_amount: APP_FEE });
    const charge = await stripe.charges.retrieve(
      pi.latest_charge as string,
      { expand: ['balance_transaction'] },
      opts(),
    );
    expect(charge.amount).toBe(total);
    const stripeFee = Math.round(total * 0.029) + 30;
    const bt = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(bt).toMatchObject({ amount: total, fee: stripeFee + APP_FEE, net: total - stripeFee - APP_FEE });
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee.amount).toBe(APP_FEE);

    const completed = await (async () => {
      for (let i = 0; i < 50; i++) {
        const found = hook.received.find(
          (r) =>
            r.event.type === 'checkout.session.completed' &&
            (r.event.data.object as { id: string }).id === session.id,
        );
        if (found) return found.event.data.object as Stripe.Checkout.Session;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no checkout.session.completed');
    })();
    expect(completed).toMatchObject({
      amount_total: total,
      total_details: { amount_shipping: SHIPPING },
      shipping_cost: { amount_total: SHIPPING, shipping_rate: standard },
      collected_information: { shipping_details: { address: { country: 'BE' } } },
    });

    // A refund of the whole new total works; one cent more does not.
    await expect(
      stripe.refunds.create({ payment_intent: pi.id, amount: total + 1 }, opts()),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: total }, opts());
    expect(refund.amount).toBe(total);
    await hook.close();
  });

  it('refuses a missing address or an unknown option with 422 and creates no PaymentIntent', async () => {
    const session = await create({ shipping_options: [{ shipping_rate_data: STANDARD }] });
    const missing: Array<[Record<string, string>, string]> = [
      [{ ...CARD }, 'Enter the name for delivery.'],
      [{ ...CARD, ...ADDRESS(), shipping_line1: ' ' }, 'Enter the delivery address.'],
      [{ ...CARD, ...ADDRESS(), shipping_postal_code: '' }, 'Enter the postal code.'],
      [{ ...CARD, ...ADDRESS(), shipping_city: '' }, 'Enter the city.'],
      [{ ...CARD, ...ADDRESS('DE') }, 'Choose a country this shop ships to.'],
      [{ ...CARD, ...ADDRESS('BE', 'shr_notoffered') }, 'Choose one of the shipping methods offered.'],
    ];
    for (const [form, message] of missing) {
      const res = await post(session.url!, form);
      expect({ message, status: res.status }).toEqual({ message, status: 422 });
      const text = await res.text();
      expect(text).toContain(message.replace(/'/g, '&#39;'));
      // The shopper's entries are kept.
      if (form.shipping_name) expect(text).toContain('value="Sam Shopper"');
    }
    const after = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
    expect(after).toMatchObject({
      payment_intent: null,
      shipping_cost: null,
      amount_total: GOODS,
      status: 'open',
    });
    // Without a chosen rate the first option is charged.
    const res = await post(session.url!, { ...CARD, ...ADDRESS('FR') });
    expect(res.status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
    expect(paid.amount_total).toBe(GOODS + SHIPPING);
  });

  it('shows the address block and the options in French for locale fr', async () => {
    const session = await create({
      locale: 'fr',
      shipping_options: [{ shipping_rate_data: STANDARD }, { shipping_rate_data: PICKUP }],
    });
    const res = await fetch(session.url!, { headers: { 'accept-language': 'en' } });
    const text = await res.text();
    for (const label of [
      'Adresse de livraison',
      'Nom complet',
      'Code postal',
      'Ville',
      'Mode de livraison',
      'Mettre à jour le total',
      '2 à 4 jours ouvrés',
      'Gratuit',
      '<option value="BE"',
    ])
      expect({ label, found: text.includes(label) }).toEqual({ label, found: true });
    expect(text).toContain('Belgique');
    expect(text).toContain(euros('fr', 4.9));
    expect(text).toContain(`data-testid="total">${euros('fr', 54.9)}<`);
    expect(text).toMatch(/<fieldset class="shipping-rates">\s*<legend>Mode de livraison<\/legend>/);
    const refused = await post(session.url!, { ...CARD }, 'en');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Saisissez le nom du destinataire.');
  });

  it('keeps each of 30 concurrent sessions’ options and rates apart, in order', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        create({
          shipping_options: [
            { shipping_rate_data: { ...STANDARD, fixed_amount: { amount: 100 + i, currency: 'eur' } } },
            { shipping_rate_data: { ...PICKUP, metadata: { n: String(i) } } },
          ],
        }),
      ),
    );
    const ids = sessions.flatMap(rateIds);
    expect(new Set(ids).size).toBe(60);
    sessions.forEach((session, i) =>
      expect(session.shipping_options.map((o) => o.shipping_amount)).toEqual([100 + i, 0]),
    );
    const rates = await Promise.all(
      sessions.map((session) => stripe.shippingRates.retrieve(rateIds(session)[1], {}, opts())),
    );
    expect(rates.map((r) => r.metadata.n)).toEqual(sessions.map((_, i) => String(i)));
  });

  it('adds shipping in a zero-decimal currency (JPY) and shows it in yen', async () => {
    const session = await create({
      line_items: [
        { price_data: { currency: 'jpy', unit_amount: 3000, product_data: { name: 'Kyusu' } }, quantity: 1 },
      ],
      payment_intent_data: { application_fee_amount: 90 },
      shipping_options: [
        { shipping_rate_data: { display_name: 'EMS', fixed_amount: { amount: 1500, currency: 'jpy' } } },
      ],
    });
    const text = await fetch(session.url!).then((r) => r.text());
    const yen = new Intl.NumberFormat('en', { style: 'currency', currency: 'JPY' }).format(4500);
    expect(text).toContain(`data-testid="total">${yen}<`);
    expect((await post(session.url!, { ...CARD, ...ADDRESS('FR') })).status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
    expect(paid).toMatchObject({
      amount_subtotal: 3000,
      amount_total: 4500,
      total_details: { amount_shipping: 1500 },
    });
    const pi = await stripe.paymentIntents.retrieve(paid.payment_intent as string, {}, opts());
    expect(pi).toMatchObject({ amount: 4500, currency: 'jpy', application_fee_amount: 90 });
  });

  it('a declined card, then another option: the same PaymentIntent takes the new total', async () => {
    const session = await create({
      shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
    });
    const [pickup, standard] = rateIds(session);
    const declined = await post(session.url!, {
      ...CARD,
      card_number: '4000000000000002',
      ...ADDRESS('FR', pickup),
    });
    expect(declined.status).toBe(402);
    const first = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
    const pi = await stripe.paymentIntents.retrieve(first.payment_intent as string, {}, opts());
    expect(pi.amount).toBe(GOODS);
    expect((await post(session.url!, { ...CARD, ...ADDRESS('FR', standard) })).status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
    expect(paid.payment_intent).toBe(pi.id);
    expect(paid.shipping_cost?.shipping_rate).toBe(standard);
    const after = await stripe.paymentIntents.retrieve(pi.id, {}, opts());
    expect(after).toMatchObject({ amount: GOODS + SHIPPING, amount_received: GOODS + SHIPPING });
  });

  describe('SEPA and bank redirects carry the address and the chosen option', () => {
    const SEPA = { email: 'ada@example.com', account_holder: 'Ada Shopper', iban: 'AT611904300234573201' };
    const SHIPPED = {
      amount_subtotal: GOODS,
      amount_total: GOODS + SHIPPING,
      total_details: { amount_shipping: SHIPPING },
      collected_information: {
        shipping_details: {
          name: 'Sam Shopper',
          address: {
            line1: '1 rue de la Paix',
            line2: null,
            postal_code: '1000',
            city: 'Bruxelles',
            country: 'BE',
          },
        },
      },
    };
    /** The session as the event of `type` about it carried it (polled: delivery is asynchronous). */
    const delivered = async (hook: Awaited<ReturnType<typeof webhookReceiver>>, id: string, type: string) => {
      for (let i = 0; i < 100; i++) {
        const found = hook.received.find(
          (r) => r.event.type === type && (r.event.data.object as { id: string }).id === id,
        );
        if (found) return found.event.data.object as Stripe.Checkout.Session;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${type}`);
    };
    let hook: Awaited<ReturnType<typeof webhookReceiver>>;
    beforeAll(async () => {
      hook = await webhookReceiver();
      await stripe.webhookEndpoints.create({ url: hook.url, enabled_events: ['*'], connect: true });
    });
    afterAll(() => hook.close());

    it('the page is one form: SEPA and bank buttons post the address and rate; no second email', async () => {
      const session = await create({ shipping_options: [{ shipping_rate_data: PICKUP }] });
      const text = await fetch(session.url!).then((r) => r.text());
      expect(text.match(/<form /g)).toHaveLength(1);
      expect(text.match(/name="email"/g)).toHaveLength(1);
      expect(text).not.toContain('id="sepa_email"');
      expect(text).toMatch(new RegExp(`formaction="/c/pay/${session.id}/sepa"\\s+formnovalidate`));
      expect(text.match(new RegExp(`formaction="/c/pay/${session.id}/redirect"`, 'g'))).toHaveLength(4);
      expect(text).toContain('The shipping address and method above apply to this payment too.');
      // Without shipping, the SEPA and bank forms stay apart, each with its email.
      const plain = await create({ shipping_address_collection: undefined });
      const plainText = await fetch(plain.url!).then((r) => r.text());
      expect(plainText.match(/<form /g)).toHaveLength(3);
      expect(plainText).toContain('id="sepa_email"');
      expect(plainText).toContain('id="redirect_email"');
      expect(plainText).not.toContain('formaction');
    });

    it.each([
      ['AT611904300234573201', 6],
      ['AT321904300235473204', 181],
    ])(
      'SEPA %s with the second option: figures and address on the session, intent, charge and both events',
      async (iban, settlesAfter) => {
        const session = await create({
          shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
        });
        const [, standard] = rateIds(session);
        const res = await post(`${session.url}/sepa`, { ...SEPA, iban, ...ADDRESS('BE', standard) });
        expect(res.status).toBe(303);
        const got = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
        expect(got).toMatchObject({
          ...SHIPPED,
          status: 'complete',
          payment_status: 'unpaid',
          shipping_cost: {
            amount_subtotal: SHIPPING,
            amount_tax: 0,
            amount_total: SHIPPING,
            shipping_rate: standard,
          },
        });
        const pi = await stripe.paymentIntents.retrieve(got.payment_intent as string, {}, opts());
        expect(pi).toMatchObject({
          amount: GOODS + SHIPPING,
          status: 'processing',
          application_fee_amount: APP_FEE,
        });
        const completed = await delivered(hook, session.id, 'checkout.session.completed');
        expect(completed).toMatchObject({
          ...SHIPPED,
          payment_status: 'unpaid',
          shipping_cost: { shipping_rate: standard },
        });

        emulator.advanceClock(settlesAfter);
        const succeeded = await delivered(hook, session.id, 'checkout.session.async_payment_succeeded');
        expect(succeeded).toMatchObject({
          ...SHIPPED,
          payment_status: 'paid',
          shipping_cost: { shipping_rate: standard },
        });
        const settled = await stripe.paymentIntents.retrieve(pi.id, {}, opts());
        expect(settled).toMatchObject({ status: 'succeeded', amount_received: GOODS + SHIPPING });
        const charge = await stripe.charges.retrieve(settled.latest_charge as string, {}, opts());
        expect(charge).toMatchObject({
          amount: GOODS + SHIPPING,
          payment_method_details: { type: 'sepa_debit' },
        });
      },
    );

    it('a SEPA debit that fails later: checkout.session.async_payment_failed carries the same figures', async () => {
      const session = await create({
        shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
      });
      const [, standard] = rateIds(session);
      const res = await post(`${session.url}/sepa`, {
        ...SEPA,
        iban: 'AT051904300235473205',
        ...ADDRESS('BE', standard),
      });
      expect(res.status).toBe(303);
      emulator.advanceClock(181);
      const failed = await delivered(hook, session.id, 'checkout.session.async_payment_failed');
      expect(failed).toMatchObject({ ...SHIPPED, shipping_cost: { shipping_rate: standard } });
    });

    it('SEPA without an address, or with an option not offered: 422 in the page’s language, entries kept, no PaymentIntent', async () => {
      const session = await create({
        locale: 'fr',
        shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
      });
      const [, standard] = rateIds(session);
      const cases: Array<[Record<string, string>, string]> = [
        [{ ...SEPA }, 'Saisissez le nom du destinataire.'],
        [{ ...SEPA, ...ADDRESS('BE', standard), shipping_city: ' ' }, 'Saisissez la ville.'],
        [{ ...SEPA, ...ADDRESS('DE', standard) }, 'Choisissez un pays où cette boutique livre.'],
        [{ ...SEPA, ...ADDRESS('BE', 'shr_notoffered') }, 'Choisissez l’un des modes de livraison proposés.'],
      ];
      for (const [form, message] of cases) {
        const res = await post(`${session.url}/sepa`, form);
        expect({ message, status: res.status }).toEqual({ message, status: 422 });
        const text = await res.text();
        expect(text).toContain(message.replace(/'/g, '&#39;'));
        expect(text).toContain('value="Ada Shopper"');
        if (form.shipping_line1) expect(text).toContain('value="1 rue de la Paix"');
      }
      // The chosen option stays chosen on the page shown again, its total included.
      const kept = await post(`${session.url}/sepa`, {
        ...SEPA,
        ...ADDRESS('BE', standard),
        shipping_name: '',
      });
      const keptText = await kept.text();
      expect(keptText).toMatch(new RegExp(`value="${standard}"\\s+checked`));
      expect(keptText).toContain(`data-testid="total">${euros('fr', 54.9)}<`);
      // A bad IBAN with a good address: 402, the address kept, still nothing charged.
      const badIban = await post(`${session.url}/sepa`, {
        ...SEPA,
        ...ADDRESS('BE', standard),
        iban: 'AT00',
      });
      expect(badIban.status).toBe(402);
      expect(await badIban.text()).toContain('value="Bruxelles"');
      expect(await stripe.checkout.sessions.retrieve(session.id, {}, opts())).toMatchObject({
        payment_intent: null,
        shipping_cost: null,
        collected_information: null,
        amount_total: GOODS,
        status: 'open',
      });
    });

    it('a bank redirect with an address and the second option: the bank page’s total, the intent and the completed event', async () => {
      const session = await create({
        shipping_options: [{ shipping_rate_data: PICKUP }, { shipping_rate_data: STANDARD }],
      });
      const [pickup, standard] = rateIds(session);
      const refused = await post(`${session.url}/redirect`, { email: 'ada@example.com', method: 'ideal' });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('Enter the name for delivery.');
      expect((await stripe.checkout.sessions.retrieve(session.id, {}, opts())).payment_intent).toBeNull();

      // The shopper leaves the bank page for the free option, fails there, then comes back for Colissimo.
      const start = (rate: string) =>
        post(`${session.url}/redirect`, {
          email: 'ada@example.com',
          method: 'ideal',
          ...ADDRESS('BE', rate),
        });
      const first = await start(pickup);
      expect(first.status).toBe(303);
      const bank = first.headers.get('location')!;
      expect(await fetch(bank).then((r) => r.text())).toContain(`data-testid="total">${euros('en', 50)}<`);
      await fetch(bank, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ action: 'fail' }),
      });
      const left = await start(pickup);
      expect(left.headers.get('location')).toBe(bank);
      const second = await start(standard);
      expect(second.headers.get('location')).toBe(bank);
      expect(await fetch(bank).then((r) => r.text())).toContain(`data-testid="total">${euros('en', 54.9)}<`);
      const done = await fetch(bank, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ action: 'authorize' }),
      });
      expect(done.status).toBe(303);
      const got = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
      expect(got).toMatchObject({ ...SHIPPED, status: 'complete', payment_status: 'paid' });
      expect(got.shipping_cost?.shipping_rate).toBe(standard);
      const pi = await stripe.paymentIntents.retrieve(got.payment_intent as string, {}, opts());
      expect(pi).toMatchObject({
        amount: GOODS + SHIPPING,
        amount_received: GOODS + SHIPPING,
        status: 'succeeded',
      });
      const completed = await delivered(hook, session.id, 'checkout.session.completed');
      expect(completed).toMatchObject({
        ...SHIPPED,
        payment_status: 'paid',
        shipping_cost: { shipping_rate: standard },
      });
    });

    it('options without address collection: SEPA posting no shipping fields pays the first option', async () => {
      const session = await create({
        shipping_address_collection: undefined,
        shipping_options: [{ shipping_rate_data: STANDARD }, { shipping_rate_data: PICKUP }],
      });
      const res = await post(`${session.url}/sepa`, SEPA);
      expect(res.status).toBe(303);
      const got = await stripe.checkout.sessions.retrieve(session.id, {}, opts());
      const pi = await stripe.paymentIntents.retrieve(got.payment_intent as string, {}, opts());
      expect(pi.amount).toBe(GOODS + SHIPPING);
      expect(got).toMatchObject({
        total_details: { amount_shipping: SHIPPING },
        collected_information: null,
      });
    });
  });
});
