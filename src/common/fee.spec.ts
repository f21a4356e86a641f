import { applicationFee, parseFixedFees, type FeePlan } from './fee.js';

const plan: FeePlan = { bps: 500, fixed: { usd: 30, eur: 25, jpy: 30 } };

describe('applicationFee', () => {
  it.each([
    // total, currency, expected: 5 % + fixed
    [10000, 'usd', 530],
    [1999, 'usd', 130], // 99.95 → 100, + 30
    [1990, 'usd', 130], // 99.5 → 100 (half up), + 30
    [1989, 'usd', 129], // 99.45 → 99, + 30
    [10000, 'eur', 525],
    [1000, 'jpy', 80], // ¥50 + ¥30
    [15, 'jpy', 15], // ¥1 + ¥30 capped at the total
    [0, 'usd', 0],
    [10000, 'gbp', 500], // no fixed fee for that currency
  ])('%i %s → %i', (total, currency, expected) => {
    expect(applicationFee(total, currency, plan)).toBe(expected);
  });

  it('is never above the total', () => {
    expect(applicationFee(20, 'usd', { bps: 10_000, fixed: { usd: 30 } })).toBe(20);
  });

  it('refuses fractional or negative totals', () => {
    expect(() => applicationFee(10.5, 'usd', plan)).toThrow(RangeError);
    expect(() => applicationFee(-1, 'usd', plan)).toThrow(RangeError);
  });
});

describe('parseFixedFees', () => {
  it('reads currency:amount pairs', () => {
    expect(parseFixedFees('usd:30, EUR:25,jpy:30')).toEqual({ usd: 30, eur: 25, jpy: 30 });
    expect(parseFixedFees('')).toEqual({});
  });
  it('names the bad entry', () => {
    expect(() => parseFixedFees('usd:30,eur=25')).toThrow('eur=25');
  });
});
