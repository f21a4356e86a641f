import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from '../common/i18n.js';

/**
 * The languages a shop's storefront is offered in: an ordered list of catalog languages, the
 * first being the shop's own (shown to a shopper whose browser asks for none of them).
 *
 * A new shop (and, in migration ShopLanguages, every shop made before the setting) starts from
 * its country: the countries where French is a main language of commerce offer French first and
 * English second, Canada English then French, every other country English alone. The merchant
 * changes it in the dashboard settings. A language without a catalog is never offered.
 */
export const SHOP_LANGUAGES_BY_COUNTRY: Readonly<Record<string, readonly string[]>> = {
  FR: ['fr', 'en'],
  BE: ['fr', 'en'],
  LU: ['fr', 'en'],
  MC: ['fr', 'en'],
  CH: ['fr', 'en'],
  CA: ['en', 'fr'],
};

/** Keeps the catalog languages of `languages`, in order, once each; never empty. */
export function offeredLanguages(languages: readonly string[] | null | undefined): string[] {
  const offered = [...new Set((languages ?? []).filter(isLanguage))];
  return offered.length ? offered : [DEFAULT_LANGUAGE];
}

export function defaultShopLanguages(country: string): string[] {
  return offeredLanguages(SHOP_LANGUAGES_BY_COUNTRY[country.toUpperCase()] ?? [DEFAULT_LANGUAGE]);
}

/**
 * The shopper's language: the switcher's cookie when the shop offers it, else the first of the
 * shop's languages the browser accepts (Accept-Language, by its q-values), else the shop's own.
 */
export function pickShopLanguage(
  shopLanguages: readonly string[],
  choice: { cookie?: unknown; accepts: (languages: string[]) => string | false },
): string {
  const offered = offeredLanguages(shopLanguages);
  if (typeof choice.cookie === 'string' && offered.includes(choice.cookie)) return choice.cookie;
  const accepted = choice.accepts(offered);
  return accepted && offered.includes(accepted) ? accepted : offered[0];
}

/**
 * The settings form's two fields as the stored list: the default language first, then the other
 * ticked languages in catalog order. A code that is no catalog language is a problem. Without a
 * default language (a caller that sends no language fields) the value is undefined: keep the
 * saved list.
 */
export function parseShopLanguages(input: {
  defaultLanguage?: string;
  languages?: string | string[];
}): { value: string[] | undefined } | { problem: 'unknown' } {
  if (input.defaultLanguage === undefined && input.languages === undefined) return { value: undefined };
  const first = (input.defaultLanguage ?? '').trim();
  const ticked = (Array.isArray(input.languages) ? input.languages : input.languages ? [input.languages] : [])
    .map((l) => l.trim())
    .filter(Boolean);
  if (!isLanguage(first) || !ticked.every(isLanguage)) return { problem: 'unknown' };
  return { value: [first, ...LANGUAGES.filter((l) => l !== first && ticked.includes(l))] };
}
