import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next, { type TOptions } from 'i18next';

/**
 * The hosted pages' languages: one catalog per language in `emulator/locales/` (the same path
 * from src/ and from dist/), English the fallback for a missing key and for any language without
 * a catalog, as Stripe's pages fall back to English.
 */
export const FALLBACK_LANGUAGE = 'en';

const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

const catalogs = Object.fromEntries(
  readdirSync(LOCALES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [
      file.slice(0, -'.json'.length),
      { translation: JSON.parse(readFileSync(LOCALES_DIR + file, 'utf8')) as Record<string, unknown> },
    ]),
);

export const PAGE_LANGUAGES: readonly string[] = Object.keys(catalogs);

// Values land in html`` templates, which escape every interpolation once: no escaping here.
const translator = i18next.createInstance();
void translator.init({
  resources: catalogs,
  lng: FALLBACK_LANGUAGE,
  fallbackLng: FALLBACK_LANGUAGE,
  supportedLngs: [...PAGE_LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** What a page needs to speak one language: its `lang`, its texts, its money. */
export interface PageLocale {
  lang: string;
  t: (key: string, options?: TOptions) => string;
  money: (amountMinor: number, currency: string) => string;
}

const locales = new Map<string, PageLocale>();

export function pageLocale(lang: string): PageLocale {
  const known = PAGE_LANGUAGES.includes(lang) ? lang : FALLBACK_LANGUAGE;
  let locale = locales.get(known);
  if (!locale) {
    locale = {
      lang: known,
      t: (key, options = {}) => translator.t(key, { ...options, lng: known }),
      money: (amount, currency) => formatMoney(amount, currency, known),
    };
    locales.set(known, locale);
  }
  return locale;
}

/** A Stripe locale (`fr`, `fr-CA`, `en-GB`…) or a browser tag → the catalog that serves it, if any. */
function catalogFor(tag: string): string | undefined {
  const lower = tag.trim().toLowerCase();
  return PAGE_LANGUAGES.find((lang) => lower === lang || lower.startsWith(`${lang}-`));
}

/** The first language of an `Accept-Language` header (by q, then order) that has a catalog. */
export function languageFromHeader(header: string | string[] | undefined): string {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranked = text
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag, q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const lang = catalogFor(tag);
    if (lang) return lang;
  }
  return FALLBACK_LANGUAGE;
}

/**
 * The hosted Checkout page's language, as Stripe picks it: the session's `locale`; `auto` or none
 * → the browser's Accept-Language; a locale the emulator has no catalog for → English.
 */
export function checkoutLanguage(
  sessionLocale: string | null | undefined,
  acceptLanguage: string | string[] | undefined,
): string {
  if (!sessionLocale || sessionLocale === 'auto') return languageFromHeader(acceptLanguage);
  return catalogFor(sessionLocale) ?? FALLBACK_LANGUAGE;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units → the page language's currency text ("24,50 €" in French, "€24.50" in English). */
export function formatMoney(amountMinor: number, currency: string, lang: string = FALLBACK_LANGUAGE): string {
  const key = `${lang}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(lang, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}
