import { parseMajorAmount } from './amount-input.js';

describe('parseMajorAmount', () => {
  it.each([
    ['12.50', 'eur', 1250],
    ['12,5', 'eur', 1250],
    ['12', 'usd', 1200],
    [' 0.01 ', 'usd', 1],
    ['1200', 'jpy', 1200],
  ])('%s %s → %i', (input, currency, minor) => {
    expect(parseMajorAmount(input, currency)).toBe(minor);
  });

  it.each([
    ['0', 'eur'],
    ['-1', 'eur'],
    ['1.234', 'eur'],
    ['12.5', 'jpy'],
    ['abc', 'usd'],
    ['', 'usd'],
    ['1e3', 'usd'],
  ])('refuses %j in %s', (input, currency) => {
    expect(parseMajorAmount(input, currency)).toBeUndefined();
  });
});
