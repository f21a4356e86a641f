import type { FeePlan } from '../common/fee.js';
import { orderAmounts } from './order-amounts.js';

const plan: FeePlan = { bps: 500, fixed: { usd: 30, eur: 25, jpy: 30 } };

describe('orderAmounts', () => {
  it.each([
    // currency, lines [unit, qty], shipping, goods, total, fee (5 % of goods + fixed)
    ['eur', [[1000, 1]], 0, 1000, 1000, 75],
    ['eur', [[1999, 3]], 0, 5997, 5997, 325], // 299.85 → 300, + 25
    [
      'eur',
      [
        [2500, 2],
        [450, 1],
      ],
      490,
      5450,
      5940,
      298,
    ], // shipping adds to the total, not the fee
    ['eur', [[5000, 1]], 0, 5000, 5000, 275], // free shipping: no line, nothing added
    ['usd', [[1990, 1]], 500, 1990, 2490, 130], // 99.5 → 100 (half up), + 30
    ['jpy', [[1500, 2]], 800, 3000, 3800, 180], // zero-decimal: ¥150 + ¥30, shipping in yen
    ['jpy', [[15, 1]], 500, 15, 515, 15], // fee capped at the goods, never charged on shipping
    ['kwd', [[1250, 2]], 1000, 2500, 3500, 125], // three-decimal currency, no fixed fee
    ['gbp', [[10000, 1]], 0, 10000, 10000, 500], // no fixed fee for that currency
  ] as const)(
    '%s %j + shipping %i → goods %i, total %i, fee %i',
    (currency, lines, shipping, goods, total, fee) => {
      const amounts = orderAmounts({
        currency,
        lines: lines.map(([unitAmount, quantity]) => ({ unitAmount, quantity })),
        shipping,
        feePlan: plan,
      });
      expect(amounts).toEqual({ currency, goods, discount: 0, shipping, tax: 0, total, applicationFee: fee });
    },
  );

  it.each([
    // goods 10000, discount, shipping, tax → total, fee (on goods − discount)
    [0, 0, 0, 10000, 525],
    [2000, 0, 0, 8000, 425],
    [2000, 500, 0, 8500, 425],
    [2000, 500, 1700, 10200, 425], // tax is added, and not charged a fee
    [10000, 500, 0, 500, 0], // everything discounted: no fee
  ])('discount %i, shipping %i, tax %i → total %i, fee %i', (discount, shipping, tax, total, fee) => {
    const amounts = orderAmounts({
      currency: 'eur',
      lines: [{ unitAmount: 10000, quantity: 1 }],
      discount,
      shipping,
      tax,
      feePlan: plan,
    });
    expect(amounts.total).toBe(total);
    expect(amounts.total).toBe(amounts.goods - amounts.discount + amounts.shipping + amounts.tax);
    expect(amounts.applicationFee).toBe(fee);
  });

  it('an empty order is zero', () => {
    expect(orderAmounts({ currency: 'eur', lines: [], feePlan: plan })).toMatchObject({
      goods: 0,
      total: 0,
      applicationFee: 0,
    });
  });

  it.each([
    [{ lines: [{ unitAmount: 10.5, quantity: 1 }] }],
    [{ lines: [{ unitAmount: -1, quantity: 1 }] }],
    [{ lines: [{ unitAmount: 100, quantity: 0 }] }],
    [{ lines: [{ unitAmount: 100, quantity: 1.5 }] }],
    [{ lines: [{ unitAmount: Number.MAX_SAFE_INTEGER, quantity: 2 }] }],
    [{ lines: [{ unitAmount: 100, quantity: 1 }], shipping: -1 }],
    [{ lines: [{ unitAmount: 100, quantity: 1 }], shipping: 0.5 }],
    [{ lines: [{ unitAmount: 100, quantity: 1 }], tax: -5 }],
    [{ lines: [{ unitAmount: 100, quantity: 1 }], discount: 101 }],
  ])('refuses %j', (input) => {
    expect(() => orderAmounts({ currency: 'eur', feePlan: plan, ...input })).toThrow(RangeError);
  });
});
