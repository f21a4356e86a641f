import type Stripe from 'stripe';
import {
  cartFingerprint,
  checkoutExpiresAt,
  checkoutLocale,
  checkoutSessionParams,
  transitionsFromSession,
  type PricedLine,
} from './checkout-session.js';

const line = (productId: string, quantity: number, unitAmount = 500): PricedLine => ({
  productId,
  variantId: `v_${productId}`,
  name: productId,
  unitAmount,
  quantity,
  stripePriceId: `price_${productId}`,
  stock: null,
});

describe('cartFingerprint', () => {
  it('is the same for the same cart in any order, and changes with a quantity, a price or the email', () => {
    const base = cartFingerprint([line('a', 1), line('b', 2)], null);
    expect(cartFingerprint([line('b', 2), line('a', 1)], null)).toBe(base);
    expect(cartFingerprint([line('a', 1), line('b', 3)], null)).not.toBe(base);
    expect(cartFingerprint([line('a', 1, 600), line('b', 2)], null)).not.toBe(base);
    expect(cartFingerprint([line('a', 1), line('b', 2)], 'x@example.com')).not.toBe(base);
  });
});

describe('checkoutLocale', () => {
  it('passes the languages Stripe speaks and asks Stripe to follow the browser for any other', () => {
    expect(checkoutLocale('fr')).toBe('fr');
    expect(checkoutLocale('en')).toBe('en');
    expect(checkoutLocale('xx')).toBe('auto');
  });
});

describe('checkoutSessionParams', () => {
  const order = {
    id: 'o1',
    shopId: 's1',
    number: 7,
    applicationFeeAmount: 55,
    customerEmail: null,
    checkoutExpiresAt: new Date(1_800_000_000_000),
    language: 'fr',
    currency: 'eur',
    shippingCountry: null,
    shippingOffer: null,
  };
  it('asks for a shipping address only when the order has a destination', () => {
    const origin = 'http://bakery.localhost:3000';
    const items = [{ stripePriceId: 'price_1', quantity: 2 }];
    const plain = checkoutSessionParams(
      order,
      items,
      { statementDescriptorSuffix: null, shipsPhysicalGoods: false },
      origin,
    );
    expect(plain.shipping_address_collection).toBeUndefined();
    expect(plain.customer_email).toBeUndefined();
    expect(plain.payment_intent_data).toEqual({
      application_fee_amount: 55,
      metadata: { order_id: 'o1', shop_id: 's1', order_number: '7' },
    });
    expect(plain.expires_at).toBe(1_800_000_000);
    expect(plain.locale).toBe('fr');
    const shipping = checkoutSessionParams(
      { ...order, shippingCountry: 'BE', shippingOffer: [] },
      items,
      { statementDescriptorSuffix: 'BAKERY', shipsPhysicalGoods: true },
      origin,
    );
    expect(shipping.shipping_address_collection).toEqual({ allowed_countries: ['BE'] });
    // A zone without rates: the address is collected, no option is offered (shipping free).
    expect(shipping.shipping_options).toBeUndefined();
    expect(shipping.payment_intent_data?.statement_descriptor_suffix).toBe('BAKERY');
  });

  it('offers the stored rates, in their order, as shipping_rate_data with our rate id in metadata', () => {
    const params = checkoutSessionParams(
      {
        ...order,
        shippingCountry: 'BE',
        shippingOffer: [
          { rateId: 'r1', kind: 'free_above', name: 'Colissimo', amount: 490, minDays: 2, maxDays: 4 },
          { rateId: 'r2', kind: 'pickup', name: 'Pickup', amount: 0, minDays: null, maxDays: null },
        ],
      },
      [{ stripePriceId: 'price_1', quantity: 1 }],
      { statementDescriptorSuffix: null, shipsPhysicalGoods: true },
      'http://x.localhost',
    );
    expect(params.shipping_address_collection).toEqual({ allowed_countries: ['BE'] });
    expect(params.shipping_options).toEqual([
      {
        shipping_rate_data: {
          type: 'fixed_amount',
          display_name: 'Colissimo',
          fixed_amount: { amount: 490, currency: 'eur' },
          delivery_estimate: {
            minimum: { unit: 'business_day', value: 2 },
            maximum: { unit: 'business_day', value: 4 },
          },
          metadata: { rate_id: 'r1', kind: 'free_above' },
        },
      },
      {
        shipping_rate_data: {
          type: 'fixed_amount',
          display_name: 'Pickup',
          fixed_amount: { amount: 0, currency: 'eur' },
          metadata: { rate_id: 'r2', kind: 'pickup' },
        },
      },
    ]);
  });
});

describe('cartFingerprint with shipping', () => {
  it('changes with the destination or the offer', () => {
    const lines = [line('a', 1)];
    const fr = cartFingerprint(lines, null, { country: 'FR', offer: [] });
    expect(cartFingerprint(lines, null, { country: 'BE', offer: [] })).not.toBe(fr);
    expect(cartFingerprint(lines, null)).not.toBe(fr);
    expect(cartFingerprint(lines, null, { country: 'FR', offer: [] })).toBe(fr);
  });
});

describe('checkoutExpiresAt: inside Stripe’s 30 min – 24 h window at both ends', () => {
  const now = new Date(1_800_000_000_500);
  const lifetime = (minutes: number) =>
    checkoutExpiresAt(now, minutes).getTime() / 1000 - now.getTime() / 1000;

  it('keeps the documented maximum (1440) under 24 hours, with a minute to spare', () => {
    expect(lifetime(1440)).toBeLessThanOrEqual(24 * 3600 - 59);
    expect(lifetime(1440)).toBeGreaterThan(24 * 3600 - 120);
  });

  it('keeps the minimum (30) over 30 minutes, with a minute to spare', () => {
    expect(lifetime(30)).toBeGreaterThanOrEqual(30 * 60 + 60);
    expect(lifetime(30)).toBeLessThan(30 * 60 + 120);
  });

  it('uses the setting as is in between, on whole seconds', () => {
    expect(lifetime(120)).toBeCloseTo(120 * 60 + 0.5, 5);
    expect(checkoutExpiresAt(now, 120).getTime() % 1000).toBe(0);
  });
});

describe('transitionsFromSession (reconciliation)', () => {
  const session = (fields: Partial<Stripe.Checkout.Session>) => fields as Stripe.Checkout.Session;
  it('reads paid, processing, failed delayed payments, expiry and open sessions', () => {
    expect(transitionsFromSession(session({ status: 'open', payment_status: 'unpaid' }))).toEqual([]);
    expect(transitionsFromSession(session({ status: 'expired' }))).toEqual([{ kind: 'session_expired' }]);
    expect(
      transitionsFromSession(session({ status: 'complete', payment_status: 'paid' })).map((t) => t.kind),
    ).toEqual(['session_completed', 'async_payment_succeeded']);
    const processing = { status: 'processing' } as Stripe.PaymentIntent;
    expect(
      transitionsFromSession(
        session({ status: 'complete', payment_status: 'unpaid', payment_intent: processing }),
      ),
    ).toEqual([{ kind: 'session_completed', paymentStatus: 'unpaid' }]);
    const failed = { status: 'requires_payment_method' } as Stripe.PaymentIntent;
    expect(
      transitionsFromSession(
        session({ status: 'complete', payment_status: 'unpaid', payment_intent: failed }),
      ).map((t) => t.kind),
    ).toEqual(['session_completed', 'async_payment_failed']);
  });
});
