import type Stripe from 'stripe';
import type { FeePlan } from '../common/fee.js';
import {
  chosenOffer,
  ratesForCart,
  shippingAmount,
  shippingOption,
  type RateFields,
  type ZoneRates,
} from './shipping-options.js';
import { shippingOfSession } from './order-lifecycle.service.js';

const plan: FeePlan = { bps: 500, fixed: { eur: 25, jpy: 30 } };

const rate = (over: Partial<RateFields>): RateFields => ({
  id: 'r',
  kind: 'fixed',
  name: 'Standard',
  amount: 490,
  freeAbove: null,
  perAdditionalItem: null,
  minDays: null,
  maxDays: null,
  ...over,
});

describe('shippingAmount', () => {
  it.each([
    // kind, amount, freeAbove, perAdditional, goods, items → shipping
    ['fixed', 490, null, null, 1000, 1, 490],
    ['fixed', 0, null, null, 1000, 3, 0],
    ['free_above', 490, 5000, null, 4999, 1, 490], // one cent short
    ['free_above', 490, 5000, null, 5000, 1, 0], // the exact boundary is free
    ['free_above', 490, 5000, null, 5001, 1, 0],
    ['per_item', 600, null, 150, 1000, 1, 600],
    ['per_item', 600, null, 150, 1000, 2, 750],
    ['per_item', 600, null, 150, 1000, 5, 1200],
    ['per_item', 600, null, 0, 1000, 5, 600],
    ['pickup', 0, null, null, 1000, 4, 0],
  ] as const)(
    '%s %i (free %s, +%s) for goods %i × %i items → %i',
    (kind, amount, freeAbove, per, goods, items, expected) => {
      expect(shippingAmount(rate({ kind, amount, freeAbove, perAdditionalItem: per }), goods, items)).toBe(
        expected,
      );
    },
  );
});

describe('ratesForCart', () => {
  const zones: ZoneRates[] = [
    {
      zone: { id: 'z1', countries: ['FR', 'BE'] },
      rates: [
        rate({ id: 'std', kind: 'free_above', amount: 490, freeAbove: 5000, minDays: 2, maxDays: 4 }),
        rate({ id: 'pick', kind: 'pickup', name: 'Pickup', amount: 0 }),
      ],
    },
    { zone: { id: 'z2', countries: ['JP'] }, rates: [] },
  ];

  it('prices every rate of the country’s zone; the fee stays on the goods', () => {
    const offered = ratesForCart(zones, 'be', {
      currency: 'eur',
      lines: [{ unitAmount: 2000, quantity: 2 }],
      feePlan: plan,
    })!;
    expect(offered.map((o) => [o.rate.id, o.shipping, o.amounts.total, o.amounts.applicationFee])).toEqual([
      ['std', 490, 4490, 225],
      ['pick', 0, 4000, 225],
    ]);
  });

  it('free at exactly the threshold', () => {
    const offered = ratesForCart(zones, 'FR', {
      currency: 'eur',
      lines: [{ unitAmount: 2500, quantity: 2 }],
      feePlan: plan,
    })!;
    expect(offered[0]).toMatchObject({ shipping: 0, amounts: { goods: 5000, total: 5000 } });
  });

  it('null outside every zone; an empty list for a zone without rates', () => {
    const input = { currency: 'jpy', lines: [{ unitAmount: 1500, quantity: 1 }], feePlan: plan };
    expect(ratesForCart(zones, 'US', input)).toBeNull();
    expect(ratesForCart(zones, 'JP', input)).toEqual([]);
  });

  it('yen: no decimals anywhere', () => {
    const yen: ZoneRates[] = [
      {
        zone: { id: 'z', countries: ['JP'] },
        rates: [rate({ kind: 'per_item', amount: 800, perAdditionalItem: 200 })],
      },
    ];
    const [o] = ratesForCart(yen, 'JP', {
      currency: 'jpy',
      lines: [{ unitAmount: 1500, quantity: 3 }],
      feePlan: plan,
    })!;
    expect(o.shipping).toBe(1200);
    expect(o.amounts).toMatchObject({ goods: 4500, total: 5700, applicationFee: 255 }); // ¥225 + ¥30
  });
});

describe('shippingOption', () => {
  it('makes shipping_rate_data with the amount for this cart, the estimate and the rate id', () => {
    const r = rate({ id: 'std', kind: 'free_above', name: 'Colissimo', minDays: 2, maxDays: 4 });
    expect(shippingOption({ rate: r, shipping: 490 }, 'eur')).toEqual({
      shipping_rate_data: {
        type: 'fixed_amount',
        display_name: 'Colissimo',
        fixed_amount: { amount: 490, currency: 'eur' },
        delivery_estimate: {
          minimum: { unit: 'business_day', value: 2 },
          maximum: { unit: 'business_day', value: 4 },
        },
        metadata: { rate_id: 'std', kind: 'free_above' },
      },
    });
  });

  it('leaves out a same-day or missing estimate', () => {
    const same = shippingOption(
      { rate: rate({ kind: 'pickup', minDays: 0, maxDays: 0 }), shipping: 0 },
      'eur',
    );
    expect(same.shipping_rate_data).not.toHaveProperty('delivery_estimate');
    expect(same.shipping_rate_data!.fixed_amount).toEqual({ amount: 0, currency: 'eur' });
  });
});

describe('chosenOffer and shippingOfSession: the completed session against the stored offer', () => {
  const offer = [
    { rateId: 'r1', kind: 'fixed', name: 'Colissimo', amount: 490, minDays: 2, maxDays: 4 },
    { rateId: 'r2', kind: 'pickup', name: 'Pickup', amount: 0, minDays: null, maxDays: null },
  ];
  const options = [
    { shipping_amount: 490, shipping_rate: 'shr_1' },
    { shipping_amount: 0, shipping_rate: 'shr_2' },
  ];
  const session = (rate: string | Record<string, unknown> | null, amount = 0, status = 'complete') =>
    ({
      status,
      shipping_options: options,
      shipping_cost: rate
        ? { amount_subtotal: amount, amount_tax: 0, amount_total: amount, shipping_rate: rate }
        : null,
    }) as unknown as Stripe.Checkout.Session;

  it('finds the option by its position among the options sent, or by our rate id in its metadata', () => {
    expect(chosenOffer(offer, session('shr_2'))).toEqual({ offer: offer[1], index: 1 });
    expect(chosenOffer(offer, session({ id: 'shr_x', metadata: { rate_id: 'r1' } }))).toEqual({
      offer: offer[0],
      index: 0,
    });
    expect(chosenOffer(offer, session('shr_unknown'))).toBeUndefined();
    expect(chosenOffer(offer, session(null))).toBeUndefined();
  });

  it('accepts the offered amount, and says why anything else does not match', () => {
    expect(shippingOfSession({ shippingOffer: offer }, session('shr_1', 490))).toEqual(offer[0]);
    expect(shippingOfSession({ shippingOffer: offer }, session('shr_1', 100))).toBe(
      'shipping 100 does not match the rate offered (490)',
    );
    expect(shippingOfSession({ shippingOffer: offer }, session('shr_9', 490))).toBe(
      'the shipping rate chosen is none of the rates offered',
    );
    expect(shippingOfSession({ shippingOffer: offer }, session(null))).toBe(
      'no shipping rate was chosen on a session that offered some',
    );
    // Open or expired sessions have no choice yet; an order without rates expects no shipping.
    expect(shippingOfSession({ shippingOffer: offer }, session(null, 0, 'expired'))).toBeUndefined();
    expect(shippingOfSession({ shippingOffer: [] }, session(null))).toBeUndefined();
    expect(shippingOfSession({ shippingOffer: null }, session('shr_1', 300))).toBe(
      'shipping 300 charged without a rate offered',
    );
  });
});
