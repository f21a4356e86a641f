import { formatDate, formatDateTime, formatDayLabel, isTimeZone, TIME_ZONES } from './dates.js';

// 23:30 UTC on 1 December: already 2 December in Paris, still 1 December in New York.
const lateEvening = new Date('2026-12-01T23:30:00Z');
const intl = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(lateEvening);

describe('formatDateTime / formatDate', () => {
  it("writes a French date in the shop's zone as Intl does, on the next day", () => {
    const text = formatDateTime(lateEvening, 'fr', 'Europe/Paris');
    expect(text).toBe(intl('fr-FR', 'Europe/Paris', { dateStyle: 'medium', timeStyle: 'short' }));
    expect(text).toContain('2 déc. 2026');
    expect(text).toContain('00:30');
    expect(formatDate(lateEvening, 'fr', 'Europe/Paris')).toBe('2 déc. 2026');
  });

  it('writes English in en-US, in the given zone', () => {
    expect(formatDateTime(lateEvening, 'en', 'America/New_York')).toBe(
      intl('en-US', 'America/New_York', { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(formatDateTime(lateEvening, 'en', 'America/New_York')).toContain('6:30');
    expect(formatDate(lateEvening, 'en', 'UTC')).toBe('Dec 1, 2026');
  });

  it('falls back to UTC for a missing or unknown zone, and to English for no language', () => {
    expect(formatDateTime(lateEvening, undefined, undefined)).toBe(
      intl('en-US', 'UTC', { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(formatDate(lateEvening, 'fr', 'Mars/Olympus_Mons')).toBe('1 déc. 2026');
  });

  it('writes a calendar day label without moving it to another day', () => {
    expect(formatDayLabel('2026-12-02', 'fr')).toBe('2 déc.');
    expect(formatDayLabel('2026-12-02', 'en')).toBe('Dec 2');
  });
});

describe('isTimeZone', () => {
  it("accepts Intl's zones and UTC, and nothing else", () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(TIME_ZONES[0]).toBe('UTC');
    expect(TIME_ZONES).toContain('America/New_York');
    for (const bad of ['europe/paris', 'Mars/Olympus_Mons', '', 'Europe/Paris ', 42, null]) {
      expect(isTimeZone(bad)).toBe(false);
    }
  });
});
