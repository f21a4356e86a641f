import type { ShippingAddress } from './entities/order.entity.js';

const regionNames = new Map<string, Intl.DisplayNames>();

/** A country code's name in `lang` ("Belgique"), the code itself when Intl has none. */
export function countryName(code: string, lang: string): string {
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    regionNames.set(lang, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A delivery address as the lines of a label: name, street, postal code and city, state, then
 * the country named in `lang`. Empty parts are left out. Plain text (escaped where shown).
 */
export function addressLines(address: ShippingAddress | null, lang: string): string[] | null {
  if (!address) return null;
  return [
    address.name,
    address.line1,
    address.line2,
    [address.postal_code, address.city].filter(Boolean).join(' '),
    address.state,
    address.country ? countryName(address.country, lang) : null,
  ].filter((line): line is string => Boolean(line));
}
