import { minorUnitDigits } from '../web/money.js';

/**
 * A merchant-typed amount in major units ("12.5", "12,50", "1200" for JPY) → integer minor
 * units, or undefined when it is not a positive amount with at most the currency's decimals.
 * Parsed as text, never through floats.
 */
export function parseMajorAmount(input: string, currency: string): number | undefined {
  const text = input.trim().replace(',', '.');
  const digits = minorUnitDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^(\\d{1,9})(?:\\.(\\d{1,${digits}}))?$`) : /^(\d{1,12})$/;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const whole = Number(match[1]);
  const fraction = digits > 0 ? Number((match[2] ?? '').padEnd(digits, '0')) : 0;
  const minor = whole * 10 ** digits + fraction;
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined;
}
