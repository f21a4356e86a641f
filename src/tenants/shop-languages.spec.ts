import {
  defaultShopLanguages,
  offeredLanguages,
  parseShopLanguages,
  pickShopLanguage,
} from './shop-languages.js';

/** What Express's `req.acceptsLanguages` answers for a browser asking for `wanted`, in order. */
const browser =
  (...wanted: string[]) =>
  (offered: string[]) =>
    wanted.length ? (wanted.find((w) => offered.includes(w)) ?? false) : offered[0];

describe('shop languages', () => {
  it('starts from the country: French first where French is spoken, English elsewhere', () => {
    expect(defaultShopLanguages('FR')).toEqual(['fr', 'en']);
    expect(defaultShopLanguages('ch')).toEqual(['fr', 'en']);
    expect(defaultShopLanguages('CA')).toEqual(['en', 'fr']);
    expect(defaultShopLanguages('JP')).toEqual(['en']);
  });

  it('offers only catalog languages, once each, and never nothing', () => {
    expect(offeredLanguages(['xx', 'fr', 'fr', 'en'])).toEqual(['fr', 'en']);
    expect(offeredLanguages(['xx'])).toEqual(['en']);
    expect(offeredLanguages(null)).toEqual(['en']);
  });

  it('picks the cookie, then the browser, then the shop’s own, among the shop’s languages only', () => {
    expect(pickShopLanguage(['fr', 'en'], { accepts: browser() })).toBe('fr');
    expect(pickShopLanguage(['fr', 'en'], { accepts: browser('de') })).toBe('fr');
    expect(pickShopLanguage(['fr', 'en'], { accepts: browser('en') })).toBe('en');
    expect(pickShopLanguage(['fr', 'en'], { cookie: 'fr', accepts: browser('en') })).toBe('fr');
    expect(pickShopLanguage(['fr'], { cookie: 'en', accepts: browser('en') })).toBe('fr');
    expect(pickShopLanguage(['en'], { cookie: 'fr', accepts: browser('fr') })).toBe('en');
  });

  it('reads the settings form: the default first, the ticked others in catalog order', () => {
    expect(parseShopLanguages({ defaultLanguage: 'fr', languages: ['en', 'fr'] })).toEqual({
      value: ['fr', 'en'],
    });
    expect(parseShopLanguages({ defaultLanguage: 'en', languages: 'fr' })).toEqual({ value: ['en', 'fr'] });
    expect(parseShopLanguages({ defaultLanguage: 'fr' })).toEqual({ value: ['fr'] });
    expect(parseShopLanguages({})).toEqual({ value: undefined });
    expect(parseShopLanguages({ defaultLanguage: 'xx' })).toEqual({ problem: 'unknown' });
    expect(parseShopLanguages({ defaultLanguage: 'fr', languages: ['de'] })).toEqual({ problem: 'unknown' });
    expect(parseShopLanguages({ languages: ['fr'] })).toEqual({ problem: 'unknown' });
  });
});
