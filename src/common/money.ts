// `.ts`, not `.js`: bench/baseline-server.ts loads this file with Node's own type stripping,
// which does not map `.js` to `.ts` (as database/migration-options.ts does).
import { minorUnitDigits } from './currency.ts';

export { minorUnitDigits };

/**
 * Money is an integer of minor units plus a lower-case ISO currency, as Stripe has it.
 * This is the one place that turns it into text; one Intl.NumberFormat per currency and locale
 * (building a formatter costs far more than using one).
 */
const formatters = new Map<string, Intl.NumberFormat>();

export function currencyFormatter(currency: string, locale = 'en'): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(key, f);
  }
  return f;
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`not an integer amount: ${amountMinor}`);
  const digits = minorUnitDigits(currency);
  return currencyFormatter(currency, locale).format(amountMinor / 10 ** digits);
}
