import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import hbs from 'hbs';
import { formatMoney } from '../common/money.js';
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
  hbs.registerHelper('money', (amount: number, currency: string) => formatMoney(amount, currency));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // `{{t 'auth.login.title' count=n name=x}}` in the request's language (res.locals.lang). It
  // returns a plain string, so Handlebars escapes it, interpolated values included.
  hbs.registerHelper('t', (key: string, options: TranslateHelperOptions) =>
    t(options.data?.root?.lang, key, options.hash),
  );
  // `{{languageName 'fr'}}`: a language named in the page's language ("Français", "French").
  hbs.registerHelper('languageName', (code: string, options: TranslateHelperOptions) =>
    languageName(code, options.data?.root?.lang),
  );
  return hbs;
}

/** What the `t` helper reads: the hash (`count=n`) and the page's `lang` (res.locals, the root context). */
interface TranslateHelperOptions {
  hash: Record<string, unknown>;
  data?: { root?: { lang?: string } };
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
