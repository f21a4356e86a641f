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

/** The `{{name}}` / `{{name, format}}` placeholders of a catalog value, sorted. */
function variables(value: unknown): string[] {
  return [...String(value).matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

describe('translation catalogs', () => {
  const catalogs = readCatalogs(LOCALES_DIR);

  it('lists the languages from the catalog folder, English and French', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr']));
    expect([...catalogs.keys()]).toEqual([...LANGUAGES]);
  });

  it('has the same keys in every catalog (plural forms aside: each language has its own) and no empty value', () => {
    const english = leaves(catalogs.get('en'));
    const families = (keys: Iterable<string>) =>
      [...new Set([...keys].map((k) => k.replace(PLURAL_SUFFIX, '')))].sort();
    for (const [lang, catalog] of catalogs) {
      const keys = leaves(catalog);
      expect({ lang, keys: families(keys.keys()) }).toEqual({ lang, keys: families(english.keys()) });
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

describe('translation catalogs agree with each other', () => {
  const catalogs = readCatalogs(LOCALES_DIR);
  const english = leaves(catalogs.get('en'));

  it('uses the same interpolation variables per key in every catalog', () => {
    // A plural family shares its variables: French "1 commande" may omit a count English prints.
    const family = (key: string) => key.replace(PLURAL_SUFFIX, '');
    const byFamily = (catalog: Map<string, unknown>) => {
      const found = new Map<string, Set<string>>();
      for (const [key, value] of catalog) {
        const names = found.get(family(key)) ?? new Set<string>();
        for (const name of variables(value)) names.add(name);
        found.set(family(key), names);
      }
      return found;
    };
    const expected = byFamily(english);
    for (const [lang, catalog] of catalogs) {
      for (const [key, names] of byFamily(leaves(catalog))) {
        expect({ lang, key, names: [...names].sort() }).toEqual({
          lang,
          key,
          names: [...(expected.get(key) ?? [])].sort(),
        });
      }
    }
  });

  it('has every plural form each language needs (French "many" included)', () => {
    for (const [lang, catalog] of catalogs) {
      const keys = leaves(catalog);
      const families = new Set(
        [...keys.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')),
      );
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const base of families) {
        const missing = needed.filter((category) => !keys.has(`${base}_${category}`));
        expect({ lang, key: base, missing }).toEqual({ lang, key: base, missing: [] });
      }
    }
  });

  it('says a million orders in French, not English', () => {
    expect(t('fr', 'count.orders', { count: 1_000_000 })).toBe('1\u202f000\u202f000 commandes');
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
