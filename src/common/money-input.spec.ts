import { translate } from './domain-error.js';
import { MAX_AMOUNT_MINOR, moneyInputExample, moneyToInput, parseMoneyInput } from './money-input.js';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

/** A refusal's message as a reader of `lang` sees it. */
function refusal(result: ReturnType<typeof parseMoneyInput>, lang = 'en'): string | undefined {
  return result.ok ? undefined : translate(lang, result.message);
}

describe('parseMoneyInput', () => {
  it.each([
    // The decimal separator: a comma or a dot followed by at most the currency's decimals.
    ['24,50', 'eur', 2450],
    ['24.50', 'eur', 2450],
    ['24,5', 'eur', 2450],
    ['24.5', 'usd', 2450],
    ['0,01', 'eur', 1],
    [',50', 'eur', 50],
    ['10', 'usd', 1000],
    // Digit groups, every way merchants write them.
    ['1 299,00', 'eur', 129900],
    [`1${NBSP}299,00`, 'eur', 129900],
    [`1${NARROW_NBSP}299,00`, 'eur', 129900],
    ['1.299,00', 'eur', 129900],
    ['1,299.00', 'usd', 129900],
    ["1'299.00", 'chf', 129900],
    ['1\u2019299.50', 'chf', 129950],
    ['999,999.99', 'usd', 99999999],
    ['999.999,99', 'eur', 99999999],
    ['1 000 000', 'jpy', 1000000],
    // The ambiguous one separator + exactly 3 digits: a group separator for a 2- or 0-decimal currency...
    ['1,299', 'eur', 129900],
    ['1.299', 'eur', 129900],
    ['10.555', 'usd', 1055500],
    ['1,500', 'jpy', 1500],
    ['1.500', 'jpy', 1500],
    // ...and the decimal separator for a 3-decimal currency.
    ['1,299', 'kwd', 1299],
    ['1.299,500', 'kwd', 1299500],
    // Zero-decimal currencies.
    ['1500', 'jpy', 1500],
    // Spaces around, the shop's own currency sign or code before or after.
    ['  7  ', 'eur', 700],
    [`${NBSP}7,00${NARROW_NBSP}`, 'eur', 700],
    ['€24,50', 'eur', 2450],
    [`24,50${NBSP}€`, 'eur', 2450],
    ['EUR 24.50', 'eur', 2450],
    ['24.50 eur', 'eur', 2450],
    ['$12.50', 'usd', 1250],
    ['¥1,500', 'jpy', 1500],
    ['CHF 12.50', 'chf', 1250],
    ['12,50 kr', 'sek', 1250],
    ['007', 'usd', 700],
  ])('reads %j in %s as %i minor units', (input, currency, amount) => {
    expect(parseMoneyInput(input, currency)).toEqual({ ok: true, amount });
  });

  it.each([
    ['', 'eur', 'Enter an amount.'],
    ['   ', 'eur', 'Enter an amount.'],
    ['1,2,3', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['12.5.0', 'usd', 'Enter the amount as a number, such as 12.50.'],
    ['1.299.00', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['1,299,00', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['1 299.000,00', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['12,', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['12 50', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['12,34 5', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['1e3', 'usd', 'Enter the amount as a number, such as 12.50.'],
    ['+12', 'usd', 'Enter the amount as a number, such as 12.50.'],
    ['abc', 'usd', 'Enter the amount as a number, such as 12.50.'],
    ['12,50', 'jpy', 'JPY amounts have no decimals.'],
    ['1.5', 'jpy', 'JPY amounts have no decimals.'],
    ['1,500.00', 'jpy', 'JPY amounts have no decimals.'],
    ['10.5555', 'usd', 'USD amounts have at most 2 decimals.'],
    ['1234.567', 'usd', 'USD amounts have at most 2 decimals.'],
    ['1,2345', 'kwd', 'KWD amounts have at most 3 decimals.'],
    ['-1', 'eur', 'The amount must be more than zero.'],
    ['\u22121,00', 'eur', 'The amount must be more than zero.'],
    ['€-5', 'eur', 'The amount must be more than zero.'],
    ['-€5', 'eur', 'The amount must be more than zero.'],
    ['0', 'eur', 'The amount must be more than zero.'],
    ['0,00', 'eur', 'The amount must be more than zero.'],
    // Another currency's sign is never taken for the shop's currency.
    ['$12.50', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['12.50 USD', 'eur', 'Enter the amount as a number, such as 12.50.'],
    ['1000000', 'usd', 'The amount can be at most 999999.99 USD.'],
    ['100000000', 'jpy', 'The amount can be at most 99999999 JPY.'],
    ['99999999999999999999999', 'usd', 'The amount can be at most 999999.99 USD.'],
  ])('refuses %j in %s: %s', (input, currency, message) => {
    expect(refusal(parseMoneyInput(input, currency))).toBe(message);
  });

  it('accepts the highest amount Stripe takes and refuses one minor unit more', () => {
    expect(parseMoneyInput(moneyToInput(MAX_AMOUNT_MINOR, 'eur'), 'eur')).toEqual({
      ok: true,
      amount: MAX_AMOUNT_MINOR,
    });
    expect(parseMoneyInput('1000000.00', 'eur').ok).toBe(false);
    expect(refusal(parseMoneyInput('12.50', 'eur', { max: 1000 }))).toBe(
      'The amount can be at most 10.00 EUR.',
    );
    expect(refusal(parseMoneyInput('12.50', 'eur', { max: 1000 }), 'fr')).toBe(
      'Le montant ne peut pas dépasser 10,00 EUR.',
    );
  });

  it('names the field and shows an example in the reader’s language and number format', () => {
    expect(refusal(parseMoneyInput('', 'eur', { field: 'price' }))).toBe('Enter a price.');
    expect(refusal(parseMoneyInput('', 'eur', { field: 'price' }), 'fr')).toBe('Saisissez un prix.');
    expect(refusal(parseMoneyInput('x', 'eur', { field: 'price' }))).toBe(
      'Enter the price as a number, such as 12.50.',
    );
    expect(refusal(parseMoneyInput('x', 'eur', { field: 'price' }), 'fr')).toBe(
      'Saisissez le prix sous forme de nombre, par exemple 12,50.',
    );
    expect(refusal(parseMoneyInput('x', 'jpy'))).toBe('Enter the amount as a number, such as 1,500.');
    expect(refusal(parseMoneyInput('x', 'jpy'), 'fr')).toBe(
      'Saisissez le montant sous forme de nombre, par exemple 1\u202f500.',
    );
    expect(refusal(parseMoneyInput('1,2345', 'kwd', { field: 'refund' }), 'fr')).toBe(
      'Les montants en KWD ont au plus 3 décimales.',
    );
  });

  it('reads back what Intl prints in French and English, and what the edit form shows', () => {
    for (const [amount, currency] of [
      [129900, 'eur'],
      [1999, 'usd'],
      [5, 'eur'],
      [1500, 'jpy'],
      [123456, 'chf'],
      [99999999, 'eur'],
    ] as const) {
      for (const locale of ['en', 'fr', 'de', 'de-CH']) {
        const printed = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
          amount / (currency === 'jpy' ? 1 : 100),
        );
        expect([locale, printed, parseMoneyInput(printed, currency, { locale })]).toEqual([
          locale,
          printed,
          { ok: true, amount },
        ]);
        expect(parseMoneyInput(moneyToInput(amount, currency, locale), currency)).toEqual({
          ok: true,
          amount,
        });
      }
    }
  });
});

describe('moneyToInput and moneyInputExample', () => {
  it.each([
    [1999, 'usd', 'en', '19.99'],
    [1999, 'eur', 'fr', '19,99'],
    [5, 'usd', 'en', '0.05'],
    [1500, 'jpy', 'en', '1500'],
    [129900, 'eur', 'en', '1299.00'],
  ])('%i %s in %s → %j', (amount, currency, locale, text) => {
    expect(moneyToInput(amount, currency, locale)).toBe(text);
  });

  it('gives an example in the currency and the language', () => {
    expect(moneyInputExample('eur')).toBe('12.50');
    expect(moneyInputExample('eur', 'fr')).toBe('12,50');
    expect(moneyInputExample('jpy')).toBe('1,500');
    expect(moneyInputExample('kwd')).toBe('12.500');
  });
});
