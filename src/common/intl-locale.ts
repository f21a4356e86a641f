/**
 * Our language codes (the catalogs of locales/) → the Intl locale money and dates are written in.
 * English is en-US: Intl's own reading of plain `en`, so English pages keep the amounts they had
 * ("$19.99", "€24.50"; en-GB would print "US$19.99" for a US shop), and dates use month names
 * ("Dec 2, 2026"), never an ambiguous 12/2. A language missing here is used as it is.
 */
const ENGLISH = 'en-US';
const INTL_LOCALES: Readonly<Record<string, string>> = { en: ENGLISH, fr: 'fr-FR' };

export function intlLocale(lang: string | undefined): string {
  if (!lang) return ENGLISH;
  return INTL_LOCALES[lang] ?? lang;
}
