import { intlLocale } from './intl-locale.js';

/** The zone of pages with no shop and no user (anonymous platform pages), and of a user who chose none. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The time-zone settings' choices: UTC, then every IANA zone this Node knows (its list omits UTC). */
export const TIME_ZONES: readonly string[] = [
  DEFAULT_TIME_ZONE,
  ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== DEFAULT_TIME_ZONE),
];
const zoneSet: ReadonlySet<string> = new Set(TIME_ZONES);

/** A zone the settings accept: a name of `Intl.supportedValuesOf('timeZone')` (or UTC), exactly. */
export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && zoneSet.has(value);
}

type DateStyle = 'dateTime' | 'date';
const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
};

/**
 * The one place dates shown to people are written: in a language's locale and a time zone.
 * Building an Intl.DateTimeFormat costs far more than using one, so one per locale × zone × style.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  style: DateStyle,
  lang: string | undefined,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const key = `${style}|${lang}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(lang), { ...STYLES[style], timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** `2 déc. 2026, 00:30` (fr, Europe/Paris) / `Dec 1, 2026, 11:30 PM` (en, UTC). */
export function formatDateTime(date: Date, lang: string | undefined, timeZone: string | undefined): string {
  return formatter('dateTime', lang, timeZone).format(date);
}

/** `2 déc. 2026` (fr, Europe/Paris) / `Dec 1, 2026` (en, UTC). */
export function formatDate(date: Date, lang: string | undefined, timeZone: string | undefined): string {
  return formatter('date', lang, timeZone).format(date);
}

/** A calendar day `YYYY-MM-DD` (as SQL buckets it, already in the shop's zone) as text, e.g. "2 déc.". */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
export function formatDayLabel(day: string, lang: string | undefined): string {
  let f = dayFormatters.get(lang ?? '');
  if (!f) {
    // The day is a calendar date, not an instant: read and written in UTC so no zone moves it.
    f = new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dayFormatters.set(lang ?? '', f);
  }
  return f.format(new Date(`${day}T00:00:00Z`));
}

/** The calendar day `YYYY-MM-DD` an instant falls on in a zone (today, for a shop in that zone). */
const dayOfFormatters = new Map<string, Intl.DateTimeFormat>();
export function calendarDayIn(date: Date, timeZone: string): string {
  let f = dayOfFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    dayOfFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
