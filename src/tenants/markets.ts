import type Stripe from 'stripe';

/**
 * Countries a shop can be opened in (Stripe Connect countries) with their usual currency and
 * time zone (a new shop's default: the capital's, or the most populous zone where a country has
 * several), and the currencies a shop may sell in. A short list on purpose: extend it as Stripe
 * and the platform's own payouts allow.
 */
export const COUNTRIES: ReadonlyArray<{ code: string; name: string; currency: string; timeZone: string }> = [
  { code: 'AT', name: 'Austria', currency: 'eur', timeZone: 'Europe/Vienna' },
  { code: 'AU', name: 'Australia', currency: 'aud', timeZone: 'Australia/Sydney' },
  { code: 'BE', name: 'Belgium', currency: 'eur', timeZone: 'Europe/Brussels' },
  { code: 'CA', name: 'Canada', currency: 'cad', timeZone: 'America/Toronto' },
  { code: 'CH', name: 'Switzerland', currency: 'chf', timeZone: 'Europe/Zurich' },
  { code: 'DE', name: 'Germany', currency: 'eur', timeZone: 'Europe/Berlin' },
  { code: 'DK', name: 'Denmark', currency: 'dkk', timeZone: 'Europe/Copenhagen' },
  { code: 'ES', name: 'Spain', currency: 'eur', timeZone: 'Europe/Madrid' },
  { code: 'FI', name: 'Finland', currency: 'eur', timeZone: 'Europe/Helsinki' },
  { code: 'FR', name: 'France', currency: 'eur', timeZone: 'Europe/Paris' },
  { code: 'GB', name: 'United Kingdom', currency: 'gbp', timeZone: 'Europe/London' },
  { code: 'IE', name: 'Ireland', currency: 'eur', timeZone: 'Europe/Dublin' },
  { code: 'IT', name: 'Italy', currency: 'eur', timeZone: 'Europe/Rome' },
  { code: 'JP', name: 'Japan', currency: 'jpy', timeZone: 'Asia/Tokyo' },
  { code: 'LU', name: 'Luxembourg', currency: 'eur', timeZone: 'Europe/Luxembourg' },
  { code: 'NL', name: 'Netherlands', currency: 'eur', timeZone: 'Europe/Amsterdam' },
  { code: 'NO', name: 'Norway', currency: 'nok', timeZone: 'Europe/Oslo' },
  { code: 'NZ', name: 'New Zealand', currency: 'nzd', timeZone: 'Pacific/Auckland' },
  { code: 'PL', name: 'Poland', currency: 'pln', timeZone: 'Europe/Warsaw' },
  { code: 'PT', name: 'Portugal', currency: 'eur', timeZone: 'Europe/Lisbon' },
  { code: 'SE', name: 'Sweden', currency: 'sek', timeZone: 'Europe/Stockholm' },
  { code: 'SG', name: 'Singapore', currency: 'sgd', timeZone: 'Asia/Singapore' },
  { code: 'US', name: 'United States', currency: 'usd', timeZone: 'America/New_York' },
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

const namers = new Map<
  string,
  { region: Intl.DisplayNames; currency: Intl.DisplayNames; collator: Intl.Collator }
>();

/**
 * The country and currency pickers of the shop forms (sign-up, a new shop) in `lang`: the names
 * above in English, Intl's names elsewhere ("Allemagne", "euro"), sorted as `lang` sorts them.
 */
export function marketOptions(lang: string, selected: { country?: string; currency?: string }) {
  let namer = namers.get(lang);
  if (!namer) {
    namer = {
      region: new Intl.DisplayNames([lang], { type: 'region' }),
      currency: new Intl.DisplayNames([lang], { type: 'currency' }),
      collator: new Intl.Collator(lang),
    };
    namers.set(lang, namer);
  }
  const { region, currency, collator } = namer;
  const named = (name: string, localName: string | undefined) => (lang === 'en' ? name : (localName ?? name));
  const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
  return {
    countries: COUNTRIES.map((c) => ({
      ...c,
      name: named(c.name, region.of(c.code)),
      selected: c.code === selected.country,
    })).sort(byName),
    currencies: CURRENCIES.map((c) => ({
      ...c,
      name: named(c.name, currency.of(c.code.toUpperCase())),
      selected: c.code === selected.currency,
    })).sort(byName),
  };
}

export const isCountry = (code: string) => COUNTRIES.some((c) => c.code === code);
export const isCurrency = (code: string) => CURRENCIES.some((c) => c.code === code);

/** A new shop's time zone: its country's (UTC for a country not listed, as older rows may be). */
export const defaultTimeZone = (country: string): string =>
  COUNTRIES.find((c) => c.code === country)?.timeZone ?? 'UTC';

type SdkShippingCountry = Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry;
/** The SDK's union without its open `OtherString` member: exactly the codes Stripe lists. */
type Listed<T> = T extends string ? (string extends T ? never : T) : never;
export type ShippingCountry = Listed<SdkShippingCountry>;

/**
 * The countries Checkout can ship to (`shipping_address_collection.allowed_countries`), as the
 * SDK's types list them. Stripe refuses any other code (UK, EU, AS, VI, UM…) and with it the
 * whole Checkout Session, so a shop's settings accept only these. Kept equal to the SDK's union
 * at compile time in both directions: a code not in the union fails the `satisfies`, a code of
 * the union missing here fails `everyShippingCountryListed` (and names the code).
 */
// prettier-ignore
export const SHIPPING_COUNTRIES = [
  'AC', 'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB',
  'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY',
  'BZ', 'CA', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CV', 'CW', 'CY', 'CZ', 'DE',
  'DJ', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FO', 'FR', 'GA',
  'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY',
  'HK', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT',
  'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MK', 'ML', 'MM', 'MN', 'MO', 'MQ', 'MR', 'MS', 'MT',
  'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM',
  'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU',
  'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST',
  'SV', 'SX', 'SZ', 'TA', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV',
  'TW', 'TZ', 'UA', 'UG', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VN', 'VU', 'WF', 'WS', 'XK', 'YE', 'YT',
  'ZA', 'ZM', 'ZW', 'ZZ',
] as const satisfies readonly ShippingCountry[];

type Unlisted = Exclude<ShippingCountry, (typeof SHIPPING_COUNTRIES)[number]>;
export const everyShippingCountryListed: [Unlisted] extends [never] ? true : Unlisted = true;

const shippingCountrySet: ReadonlySet<string> = new Set(SHIPPING_COUNTRIES);
export const isShippingCountry = (code: string): code is ShippingCountry => shippingCountrySet.has(code);

/** What people often type for a country Stripe names otherwise. */
export const SHIPPING_COUNTRY_HINTS: readonly string[] = ['UK', 'EU'];
