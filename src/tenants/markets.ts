/**
 * Countries a shop can be opened in (Stripe Connect countries) with their usual currency, and
 * the currencies a shop may sell in. A short list on purpose: extend it as Stripe and the
 * platform's own payouts allow.
 */
export const COUNTRIES: ReadonlyArray<{ code: string; name: string; currency: string }> = [
  { code: 'AT', name: 'Austria', currency: 'eur' },
  { code: 'AU', name: 'Australia', currency: 'aud' },
  { code: 'BE', name: 'Belgium', currency: 'eur' },
  { code: 'CA', name: 'Canada', currency: 'cad' },
  { code: 'CH', name: 'Switzerland', currency: 'chf' },
  { code: 'DE', name: 'Germany', currency: 'eur' },
  { code: 'DK', name: 'Denmark', currency: 'dkk' },
  { code: 'ES', name: 'Spain', currency: 'eur' },
  { code: 'FI', name: 'Finland', currency: 'eur' },
  { code: 'FR', name: 'France', currency: 'eur' },
  { code: 'GB', name: 'United Kingdom', currency: 'gbp' },
  { code: 'IE', name: 'Ireland', currency: 'eur' },
  { code: 'IT', name: 'Italy', currency: 'eur' },
  { code: 'JP', name: 'Japan', currency: 'jpy' },
  { code: 'LU', name: 'Luxembourg', currency: 'eur' },
  { code: 'NL', name: 'Netherlands', currency: 'eur' },
  { code: 'NO', name: 'Norway', currency: 'nok' },
  { code: 'NZ', name: 'New Zealand', currency: 'nzd' },
  { code: 'PL', name: 'Poland', currency: 'pln' },
  { code: 'PT', name: 'Portugal', currency: 'eur' },
  { code: 'SE', name: 'Sweden', currency: 'sek' },
  { code: 'SG', name: 'Singapore', currency: 'sgd' },
  { code: 'US', name: 'United States', currency: 'usd' },
];

export const CURRENCIES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'aud', name: 'Australian dollar' },
  { code: 'cad', name: 'Canadian dollar' },
  { code: 'chf', name: 'Swiss franc' },
  { code: 'dkk', name: 'Danish krone' },
  { code: 'eur', name: 'Euro' },
  { code: 'gbp', name: 'Pound sterling' },
  { code: 'jpy', name: 'Japanese yen' },
  { code: 'nok', name: 'Norwegian krone' },
  { code: 'nzd', name: 'New Zealand dollar' },
  { code: 'pln', name: 'Polish złoty' },
  { code: 'sek', name: 'Swedish krona' },
  { code: 'sgd', name: 'Singapore dollar' },
  { code: 'usd', name: 'US dollar' },
];

export const isCountry = (code: string) => COUNTRIES.some((c) => c.code === code);
export const isCurrency = (code: string) => CURRENCIES.some((c) => c.code === code);
