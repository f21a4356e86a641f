// resolvedOptions() builds a fresh object on every call; a page of 24 prices asked it 24 times.
const digitsByCurrency = new Map<string, number>();

/**
 * Number of decimals of the currency's minor unit (0 for JPY, 2 for USD/EUR, 3 for KWD), as
 * Intl knows it. In `common/` because parsing and formatting money both need it.
 */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
