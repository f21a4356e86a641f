import { minorUnitDigits } from '../web/money.js';

/** The largest price we accept, in major units: Stripe's own ceiling is 99,999,999 minor units. */
export const MAX_PRICE_MINOR = 99_999_999;

export type PriceParseResult = { ok: true; amount: number } | { ok: false; message: string };

/**
 * Parses a price typed by a merchant ("10", "10.5", "1,299.00") in `currency` into integer minor
 * units, exactly: the digits are shifted as text, never multiplied as a float. Zero-decimal
 * currencies (JPY) accept no decimals; more decimals than the currency has are refused rather
 * than rounded, so what the merchant sees is what the shopper pays.
 */
export function parsePrice(input: string, currency: string): PriceParseResult {
  const digits = minorUnitDigits(currency);
  const text = input.trim().replace(/[\s,_]/g, '');
  if (text === '') return { ok: false, message: 'Enter a price.' };
  if (text.startsWith('-')) return { ok: false, message: 'The price must be more than zero.' };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, message: 'Enter the price as a number, such as 12.50.' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency.toUpperCase()} prices have no decimals.`
          : `${currency.toUpperCase()} prices have at most ${digits} decimals.`,
    };
  }
  const minorText = (whole + fraction.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  if (minorText.length > String(MAX_PRICE_MINOR).length || Number(minorText) > MAX_PRICE_MINOR) {
    return { ok: false, message: 'That price is too high.' };
  }
  const amount = Number(minorText);
  if (amount <= 0) return { ok: false, message: 'The price must be more than zero.' };
  return { ok: true, amount };
}

/** The inverse, for edit forms: 1999 usd → "19.99", 1500 jpy → "1500". */
export function priceToInput(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
