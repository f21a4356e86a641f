import { minorUnitDigits } from './currency.js';
import { message, type Message, type MessageValue } from './domain-error.js';

/** The largest amount a money field accepts, in minor units: Stripe's own ceiling (999,999.99 EUR). */
export const MAX_AMOUNT_MINOR = 99_999_999;

export type MoneyInputResult = { ok: true; amount: number } | { ok: false; message: Message };

/** What a money field holds, for its messages (`validation.money.<field>.*`): "Enter a price." */
export type MoneyField = 'amount' | 'price' | 'refund';

export interface MoneyInputOptions {
  /** What the field holds; default "amount". */
  field?: MoneyField;
  /** The reader's language, for the currency signs they may type ("€", "US$"). */
  locale?: string;
  /** Largest accepted amount in minor units; default MAX_AMOUNT_MINOR. */
  max?: number;
}

/**
 * The one parser of money typed by a person (product price, refund amount): text in `currency`
 * → integer minor units, exactly (the digits are shifted as text, never through a float).
 *
 * Reading rules, in order:
 * - Spaces around the value are ignored. The shop's own currency sign or code may lead or
 *   trail it ("€24,50", "24,50 €", "EUR 24.50"), as Intl prints it; any other letter or sign is
 *   refused, so a "$" in a euro shop is never silently taken for euros.
 * - A minus sign is refused: amounts are more than zero.
 * - Digit groups are separated by spaces (also the no-break and narrow no-break spaces Intl
 *   prints in French), apostrophes (Swiss "1'299.00") or the one of "," and "." that is not the
 *   decimal separator; a group separator must split the whole part into a first group of 1–3
 *   digits and then groups of exactly 3, and one value uses one kind of group separator.
 * - The last "," or "." is the decimal separator when the digits after it end the value and it
 *   appears only once: "24,50", "24.50", "1 299,00", "1.299,00", "1,299.00".
 * - Ambiguous "1,299" / "1.299" (one separator, exactly 3 digits after it, no other separator)
 *   is a group separator unless the currency has 3 decimals: 1,299 EUR is one thousand two
 *   hundred and ninety-nine euros (as "10.555" is 10,555 USD), 1,299 KWD is one dinar 299 fils.
 *   A separator followed by 1–2 digits at the end is always decimal.
 * - More decimals than the currency has are refused, not rounded (zero-decimal currencies such
 *   as JPY take none): what the merchant sees is what the shopper pays.
 * - Anything else ("1,2,3", "12.5.0", "12,", "1e3", "12 50") fits no reading and is refused.
 * Every refusal carries a message fit to show under the field, by key: its example and its
 * largest amount are written in the number format of whoever reads it.
 */
export function parseMoneyInput(
  input: string,
  currency: string,
  options: MoneyInputOptions = {},
): MoneyInputResult {
  const field = options.field ?? 'amount';
  const max = options.max ?? MAX_AMOUNT_MINOR;
  const digits = minorUnitDigits(currency);
  const code = currency.toUpperCase();
  const refuse = (problem: string, values?: Record<string, MessageValue>): MoneyInputResult => ({
    ok: false,
    message: message(`validation.money.${field}.${problem}`, values),
  });
  const notPositive = () => refuse('notPositive');

  let text = input.trim();
  if (text === '') return refuse('empty');
  if (MINUS.test(text)) return notPositive();
  text = withoutCurrencySign(text, currency, options.locale);
  if (MINUS.test(text)) return notPositive();

  const number = readNumber(text, digits);
  if (number === 'not-a-number')
    return refuse('notANumber', { example: (lang) => moneyInputExample(currency, lang) });
  if (number === 'too-many-decimals') {
    return digits === 0 ? refuse('noDecimals', { code }) : refuse('tooManyDecimals', { code, count: digits });
  }
  const minorText = (number.whole + number.fraction.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  if (minorText.length > String(max).length || Number(minorText) > max) {
    return refuse('tooLarge', { max: (lang) => moneyToInput(max, currency, lang), code });
  }
  const amount = Number(minorText);
  if (amount <= 0) return notPositive();
  return { ok: true, amount };
}

/** An example of a well-typed amount, in the reader's language: "12.50" (en), "12,50" (fr), "1,500" (JPY). */
export function moneyInputExample(currency: string, locale = 'en'): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(digits === 0 ? 1500 : 12.5);
}

/**
 * The inverse, to fill an edit form: 1999 usd → "19.99" ("19,99" in French), 1500 jpy → "1500".
 * No group separators, so the value reads back unambiguously.
 */
export function moneyToInput(amount: number, currency: string, locale = 'en'): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}${decimalSeparator(locale)}${text.slice(-digits)}`;
}

const MINUS = /^[-\u2212]/;

type ReadNumber = { whole: string; fraction: string } | 'not-a-number' | 'too-many-decimals';

function readNumber(text: string, digits: number): ReadNumber {
  if (!/^[\d.,\s'\u2019]+$/.test(text) || !/\d/.test(text)) return 'not-a-number';
  const last = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  if (last < 0) {
    const whole = groupedInteger(text, '');
    return whole === null ? 'not-a-number' : { whole, fraction: '' };
  }
  const separator = text[last];
  const other = separator === '.' ? ',' : '.';
  const head = text.slice(0, last);
  const tail = text.slice(last + 1);
  const groupingFirst =
    head.includes(separator) || (tail.length === 3 && digits < 3 && !head.includes(other));
  if (groupingFirst) {
    const whole = groupedInteger(text, separator);
    if (whole !== null) return { whole, fraction: '' };
  }
  if (!/^\d+$/.test(tail) || head.includes(separator)) return 'not-a-number';
  const whole = head === '' ? '0' : groupedInteger(head, other);
  if (whole === null) return 'not-a-number';
  return tail.length > digits ? 'too-many-decimals' : { whole, fraction: tail };
}

/**
 * The digits of a whole number written with at most one kind of group separator (a space of any
 * width, an apostrophe, or `mark`), in groups of 3 after a first group of 1–3; null otherwise.
 */
function groupedInteger(text: string, mark: string): string | null {
  if (/^\d+$/.test(text)) return text;
  const separators = text.match(/\D/g) ?? [];
  const kind = (c: string) => (/\s/.test(c) ? ' ' : c === '\u2019' ? "'" : c);
  const kinds = new Set(separators.map(kind));
  if (kinds.size !== 1) return null;
  const [only] = kinds;
  if (only !== ' ' && only !== "'" && only !== mark) return null;
  const groups = text.split(/\D/);
  const [first, ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || !rest.every((g) => /^\d{3}$/.test(g))) return null;
  return groups.join('');
}

const signsByCurrency = new Map<string, string[]>();

/** `text` without the currency's own sign or code at its start or end (longest sign first). */
function withoutCurrencySign(text: string, currency: string, locale = 'en'): string {
  const key = `${locale}:${currency}`;
  let signs = signsByCurrency.get(key);
  if (!signs) {
    const found = new Set<string>([currency.toUpperCase()]);
    for (const loc of new Set(['en', locale])) {
      for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
        const part = new Intl.NumberFormat(loc, {
          style: 'currency',
          currency: currency.toUpperCase(),
          currencyDisplay,
        })
          .formatToParts(1)
          .find((p) => p.type === 'currency');
        if (part) found.add(part.value);
      }
    }
    signs = [...found].sort((a, b) => b.length - a.length);
    signsByCurrency.set(key, signs);
  }
  const upper = text.toUpperCase();
  for (const sign of signs) {
    const s = sign.toUpperCase();
    if (upper.startsWith(s)) return text.slice(sign.length).trimStart();
    if (upper.endsWith(s)) return text.slice(0, -sign.length).trimEnd();
  }
  return text;
}

function decimalSeparator(locale: string): string {
  return (
    new Intl.NumberFormat(locale, { minimumFractionDigits: 1 })
      .formatToParts(0.5)
      .find((p) => p.type === 'decimal')?.value ?? '.'
  );
}
