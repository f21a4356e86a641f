import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { SHIPPING_COUNTRIES } from '../src/data/shipping-countries.js';
import { freshEmulator, onboardedAccount, sdk } from './helpers.js';

/** Checkout Session parameters the emulator must refuse exactly where Stripe does. */
describe('emulator Checkout Session limits, as Stripe', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let account: Stripe.Account;
  let price: Stripe.Price;
  beforeAll(async () => {
    // A frozen clock: `expires_at` is measured against the emulator's now, to the second.
    emulator = await freshEmulator({ frozenClock: true });
    stripe = sdk(emulator, { maxNetworkRetries: 0 });
    account = await onboardedAccount(emulator, stripe, 'Limits');
    const product = await stripe.products.create({ name: 'Teapot' }, { stripeAccount: account.id });
    price = await stripe.prices.create(
      { product: product.id, currency: 'eur', unit_amount: 2500 },
      { stripeAccount: account.id },
    );
  });
  afterAll(() => emulator.close());

  const create = (params: Partial<Stripe.Checkout.SessionCreateParams>) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: 'http://shop.test/ok',
        ...params,
      },
      { stripeAccount: account.id },
    );
  const refusal = async (params: Partial<Stripe.Checkout.SessionCreateParams>) => {
    const err = await create(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    return err as Stripe.errors.StripeInvalidRequestError;
  };
  const countries = (list: string[]) => ({
    shipping_address_collection: {
      allowed_countries:
        list as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[],
    },
  });

  it('refuses a shipping country Stripe does not list (UK) with Stripe’s error shape', async () => {
    const err = await refusal(countries(['UK', 'FR']));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.raw).toMatchObject({ type: 'invalid_request_error' });
    expect(err.param).toBe('shipping_address_collection[allowed_countries][0]');
    expect(err.message).toMatch(
      /^Invalid shipping_address_collection\[allowed_countries\]\[0\]: must be one of AC, AD, AE, /,
    );
    expect((await refusal(countries(['FR', 'EU']))).param).toBe(
      'shipping_address_collection[allowed_countries][1]',
    );
  });

  it('accepts every code of the SDK’s list (SD included) and refuses the 42 other named regions', async () => {
    const session = await create(countries([...SHIPPING_COUNTRIES]));
    expect(session.status).toBe('open');
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const refused: string[] = [];
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (names.of(code) && !(SHIPPING_COUNTRIES as readonly string[]).includes(code)) refused.push(code);
      }
    expect(refused).toHaveLength(42);
    const results = await Promise.all(
      refused.map((code) =>
        create(countries([code])).then(
          () => 'accepted',
          (e: Stripe.errors.StripeError) => e.param,
        ),
      ),
    );
    expect(new Set(results)).toEqual(new Set(['shipping_address_collection[allowed_countries][0]']));
  });

  it('takes expires_at from 30 minutes to 24 hours after creation, and refuses outside with Stripe’s words', async () => {
    const now = emulator.now();
    expect((await create({ expires_at: now + 30 * 60 })).expires_at).toBe(now + 30 * 60);
    expect((await create({ expires_at: now + 24 * 3600 })).expires_at).toBe(now + 24 * 3600);
    const early = await refusal({ expires_at: now + 30 * 60 - 1 });
    expect([early.param, early.message]).toEqual([
      'expires_at',
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
    ]);
    const late = await refusal({ expires_at: now + 24 * 3600 + 1 });
    expect([late.param, late.message]).toEqual([
      'expires_at',
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    ]);
  });
});
