import { LANGUAGES, LOCALES_DIR, readCatalogs, t } from './i18n.js';

/** Every leaf key of a catalog, dotted (`count.orders_one`), with its value. */
function leaves(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else out.set(prefix, node);
  return out;
}

describe('translation catalogs', () => {
  const catalogs = readCatalogs(LOCALES_DIR);

  it('lists the languages from the catalog folder, English and French', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr']));
    expect([...catalogs.keys()]).toEqual([...LANGUAGES]);
  });

  it('has the same keys in every catalog and no empty value', () => {
    const english = leaves(catalogs.get('en'));
    for (const [lang, catalog] of catalogs) {
      const keys = leaves(catalog);
      expect({ lang, keys: [...keys.keys()].sort() }).toEqual({ lang, keys: [...english.keys()].sort() });
      for (const [key, value] of keys) {
        expect({ lang, key, ok: typeof value === 'string' && value.trim() !== '' }).toEqual({
          lang,
          key,
          ok: true,
        });
      }
    }
  });
});

describe('t', () => {
  it('says "1 order" and "2 orders", "1 commande" and "2 commandes"', () => {
    expect(t('en', 'count.orders', { count: 1 })).toBe('1 order');
    expect(t('en', 'count.orders', { count: 2 })).toBe('2 orders');
    expect(t('en', 'count.orders', { count: 0 })).toBe('0 orders');
    expect(t('fr', 'count.orders', { count: 1 })).toBe('1 commande');
    expect(t('fr', 'count.orders', { count: 2 })).toBe('2 commandes');
  });

  it('groups thousands the way each language does', () => {
    expect(t('en', 'count.orders', { count: 1200 })).toBe('1,200 orders');
    expect(t('fr', 'count.orders', { count: 1200 })).toBe('1\u202f200 commandes');
  });

  it('reads an unknown language as English', () => {
    expect(t('xx', 'count.products', { count: 3 })).toBe('3 products');
    expect(t(undefined, 'count.products', { count: 1 })).toBe('1 product');
  });
});
