/**
 * "1 order", "2 orders", "0 orders": a count with its noun, in English. One small helper for
 * every count a page prints, until the pages are translated (then Intl.PluralRules per locale).
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : plural}`;
}
