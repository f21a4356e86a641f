import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TOptions } from 'i18next';

/** The language every page falls back to, and the one a key missing elsewhere is taken from. */
export const DEFAULT_LANGUAGE = 'en';

/** The catalogs' folder, `locales/` at the project root (the same from src/ under Jest and from dist/). */
function findLocalesDir(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return join(dir, 'locales');
}

export const LOCALES_DIR = findLocalesDir(dirname(fileURLToPath(import.meta.url)));

export type Catalog = Record<string, unknown>;

/** Every `<lang>.json` of the folder: adding a language is adding one file. */
export function readCatalogs(dir: string): Map<string, Catalog> {
  const catalogs = new Map<string, Catalog>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    catalogs.set(
      file.slice(0, -'.json'.length),
      JSON.parse(readFileSync(join(dir, file), 'utf8')) as Catalog,
    );
  }
  if (!catalogs.has(DEFAULT_LANGUAGE)) throw new Error(`${dir} has no ${DEFAULT_LANGUAGE}.json`);
  return catalogs;
}

/**
 * One i18next instance over the catalogs, initialised synchronously (the resources are in memory),
 * so the first request never finds it half-loaded. `escapeValue: false`: the values land in
 * Handlebars, which escapes the helper's output once; escaping here too would print `&amp;amp;`.
 */
export function createTranslator(catalogs: Map<string, Catalog>): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries([...catalogs].map(([lang, catalog]) => [lang, { translation: catalog }])),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...catalogs.keys()],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

const catalogs = readCatalogs(LOCALES_DIR);
let translator = createTranslator(catalogs);
const languages = [...catalogs.keys()];

/** The languages a page can be shown in, read from the catalog folder at boot. */
export const LANGUAGES: readonly string[] = languages;

/**
 * One more language, for this process only: the half-translation test's pseudo-locale, built
 * from en.json, which must never ship as a catalog file.
 */
export function addLanguage(lang: string, catalog: Catalog): void {
  catalogs.set(lang, catalog);
  if (!languages.includes(lang)) languages.push(lang);
  translator = createTranslator(catalogs);
}

export function isLanguage(value: unknown): value is string {
  return typeof value === 'string' && LANGUAGES.includes(value);
}

/** `t('fr', 'count.orders', { count: 2 })` → "2 commandes". Unknown languages read as English. */
export function t(lang: string | undefined, key: string, options: TOptions = {}): string {
  return translator.t(key, { ...options, lng: isLanguage(lang) ? lang : DEFAULT_LANGUAGE });
}

/** The cookie the no-JS switcher sets for anonymous visitors of the platform host. */
export const LANGUAGE_COOKIE = 'lang';

/**
 * Who sees which language: a logged-in user's stored language, else the switcher's cookie, else
 * the browser's Accept-Language among the catalogs, else English.
 */
export function pickLanguage(choice: {
  userLanguage?: string | null;
  cookie?: unknown;
  accepts: (languages: string[]) => string | false;
}): string {
  if (isLanguage(choice.userLanguage)) return choice.userLanguage;
  if (isLanguage(choice.cookie)) return choice.cookie;
  const accepted = choice.accepts([...LANGUAGES]);
  return isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** `languageName('fr', 'en')` → "French", `languageName('en', 'fr')` → "Anglais": by Intl, so a new catalog needs no names. */
export function languageName(code: string, inLanguage: string | undefined): string {
  const lang = isLanguage(inLanguage) ? inLanguage : DEFAULT_LANGUAGE;
  let names = displayNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
    displayNames.set(lang, names);
  }
  const name = names.of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}
