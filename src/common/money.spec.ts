import { formatMoney, minorUnitDigits } from './money.js';

describe('formatMoney', () => {
  it.each([
    [1999, 'usd', '$19.99'],
    [5, 'usd', '$0.05'],
    [0, 'eur', '€0.00'],
    [123456, 'eur', '€1,234.56'],
    [1500, 'jpy', '¥1,500'],
    [-250, 'usd', '-$2.50'],
  ])('formats %i %s as %s', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('knows zero-decimal currencies', () => {
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(minorUnitDigits('usd')).toBe(2);
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMoney(10.5, 'usd')).toThrow(RangeError);
  });
});
