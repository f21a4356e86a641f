import { parsePrice, priceToInput } from './price.js';

describe('parsePrice', () => {
  it.each([
    ['10', 'usd', 1000],
    ['10.5', 'usd', 1050],
    ['10.50', 'eur', 1050],
    ['0.01', 'usd', 1],
    ['1,299.99', 'usd', 129999],
    [' 7 ', 'eur', 700],
    ['10', 'jpy', 10],
    ['1500', 'jpy', 1500],
    ['999999.99', 'usd', 99999999],
  ])('accepts %j in %s as %i minor units', (input, currency, amount) => {
    expect(parsePrice(input, currency)).toEqual({ ok: true, amount });
  });

  it.each([
    ['10.555', 'usd', 'at most 2 decimals'],
    ['10.5', 'jpy', 'no decimals'],
    ['-1', 'usd', 'more than zero'],
    ['0', 'usd', 'more than zero'],
    ['0.00', 'eur', 'more than zero'],
    ['1e21', 'usd', 'as a number'],
    ['abc', 'usd', 'as a number'],
    ['', 'usd', 'Enter a price'],
    ['12.3.4', 'usd', 'as a number'],
    ['1000000', 'usd', 'too high'],
    ['100000000', 'jpy', 'too high'],
    ['99999999999999999999999', 'usd', 'too high'],
  ])('refuses %j in %s: %s', (input, currency, message) => {
    const result = parsePrice(input, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('round-trips through the edit form', () => {
    for (const [amount, currency] of [
      [1999, 'usd'],
      [5, 'eur'],
      [1500, 'jpy'],
    ] as const) {
      const back = parsePrice(priceToInput(amount, currency), currency);
      expect(back).toEqual({ ok: true, amount });
    }
    expect(priceToInput(5, 'usd')).toBe('0.05');
  });
});
