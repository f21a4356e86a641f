import type { FeePlan } from '../common/fee.js';
import {
  ratesForCart,
  shippingAmount,
  shippingOption,
  type RateFields,
  type ZoneRates,
} from './shipping-options.js';

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
