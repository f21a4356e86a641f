import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import hbs from 'hbs';
import { formatMoney } from '../common/money.js';
import { formatDate, formatDateTime } from '../common/dates.js';
import { intlLocale } from '../common/intl-locale.js';
import { languageName, t } from '../common/i18n.js';

const preventIndentInstalled = Symbol('preventIndent');

/** The merchant dashboard's layout: the dashboard nav and the suspension banner around the page. */
export const DASHBOARD_LAYOUT = 'layouts/dashboard';

/**
 * Handlebars indents every line a standalone partial (`  {{> products/fields}}`) outputs,
 * including the lines inside a `<textarea>` or `<pre>`: each save of a product added four spaces
 * to every line of its description after the first. `preventIndent` keeps a partial's output as
 * it is. hbs compiles views and layouts with `handlebars.compile(str)` and no options, and
 * partials inherit the options of the template that calls them, so wrapping that one function
 * covers every view, layout and partial.
 */
function preventPartialIndent(handlebars: typeof hbs.handlebars): void {
  const target = handlebars as typeof handlebars & { [preventIndentInstalled]?: true };
  if (target[preventIndentInstalled]) return;
  const compile = handlebars.compile.bind(handlebars);
  handlebars.compile = ((input, options) =>
    compile(input, { ...options, preventIndent: true })) as typeof handlebars.compile;
  target[preventIndentInstalled] = true;
}

/**
 * Registers partials (views/partials/**, named by their path: `nav`, `forms/field`) and the
 * helpers templates may use. Partials are read synchronously once at boot, so the first
 * request never races their registration.
 */
export function configureHandlebars(viewsDir: string): typeof hbs {
  preventPartialIndent(hbs.handlebars);
  const partialsDir = join(viewsDir, 'partials');
  for (const file of walk(partialsDir)) {
    if (!file.endsWith('.hbs')) continue;
    const name = relative(partialsDir, file).slice(0, -'.hbs'.length).split(sep).join('/');
    hbs.registerPartial(name, readFileSync(file, 'utf8'));
  }
  // `{{money amount currency}}` in the page's language (res.locals.lang).
  hbs.registerHelper('money', (amount: number, currency: string, options: PageHelperOptions) =>
    formatMoney(amount, currency, intlLocale(options.data?.root?.lang)),
  );
  // `{{dateTime d}}`, `{{date d}}`: a <time> with the instant in `datetime` (machines) and its text
  // in the page's language and time zone (res.locals.lang, res.locals.timeZone). Nothing prints
  // when there is no date, so templates need no `{{#if}}` around an optional one.
  // `timeZone='UTC'` overrides the page's zone: for calendar days sent as midnight UTC (Stripe's
  // payout arrival dates), which another zone would move to the day before.
  hbs.registerHelper('dateTime', (date: unknown, options: PageHelperOptions) =>
    timeElement(date, options, formatDateTime),
  );
  hbs.registerHelper('date', (date: unknown, options: PageHelperOptions) =>
    timeElement(date, options, formatDate),
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // `{{t 'auth.login.title' count=n name=x}}` in the request's language (res.locals.lang). It
  // returns a plain string, so Handlebars escapes it, interpolated values included; a value that
  // is markup of our helpers (`when=(dateTime d)`) is kept as markup inside the escaped sentence.
  hbs.registerHelper('t', (key: string, options: TranslateHelperOptions) =>
    translateWithMarkup(options.data?.root?.lang, key, options.hash),
  );
  // `{{languageName 'fr'}}`: a language named in the page's language ("Français", "French").
  hbs.registerHelper('languageName', (code: string, options: TranslateHelperOptions) =>
    languageName(code, options.data?.root?.lang),
  );
  return hbs;
}

/** What the page helpers read of the root context (res.locals): the page's language and time zone. */
interface PageHelperOptions {
  hash?: { timeZone?: string };
  data?: { root?: { lang?: string; timeZone?: string } };
}

/** What the `t` helper reads: the hash (`count=n`) and the page's `lang`. */
interface TranslateHelperOptions extends PageHelperOptions {
  hash: Record<string, unknown>;
}

function translateWithMarkup(
  lang: string | undefined,
  key: string,
  hash: Record<string, unknown>,
): InstanceType<typeof hbs.handlebars.SafeString> | string {
  const { SafeString, Utils } = hbs.handlebars;
  const markup = Object.entries(hash).filter(
    (entry): entry is [string, InstanceType<typeof SafeString>] => entry[1] instanceof SafeString,
  );
  if (!markup.length) return t(lang, key, hash);
  // Each markup value goes through i18next as a token no sentence contains (NUL), the sentence is
  // escaped, then the tokens become the markup again.
  const values: Record<string, unknown> = { ...hash };
  markup.forEach(([name], i) => (values[name] = `\u0000${i}\u0000`));
  let html = Utils.escapeExpression(t(lang, key, values));
  markup.forEach(([, value], i) => (html = html.replaceAll(`\u0000${i}\u0000`, value.toHTML())));
  return new SafeString(html);
}

function timeElement(
  value: unknown,
  options: PageHelperOptions,
  format: (date: Date, lang: string | undefined, timeZone: string | undefined) => string,
): InstanceType<typeof hbs.handlebars.SafeString> | string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value as string | number);
  if (Number.isNaN(date.getTime())) return '';
  const root = options.data?.root;
  const { escapeExpression } = hbs.handlebars.Utils;
  // Safe: both parts are escaped here (an ISO string and Intl's output, neither from a person).
  return new hbs.handlebars.SafeString(
    `<time datetime="${escapeExpression(date.toISOString())}">${escapeExpression(format(date, root?.lang, options.hash?.timeZone ?? root?.timeZone))}</time>`,
  );
}

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
