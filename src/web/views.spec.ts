import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureHandlebars } from './views.js';

describe('configureHandlebars', () => {
  it('renders a standalone, indented partial without indenting the text it outputs', () => {
    const views = mkdtempSync(join(tmpdir(), 'views-spec-'));
    mkdirSync(join(views, 'partials', 'forms'), { recursive: true });
    writeFileSync(
      join(views, 'partials', 'forms', 'note.hbs'),
      "<textarea name='note'>{{note}}</textarea>\n<p>after</p>\n",
    );
    const hbs = configureHandlebars(views);
    // The same shape as a page: the partial call indented inside a form.
    const page = hbs.handlebars.compile('<form>\n    {{> forms/note}}\n</form>\n');
    const note = 'first\n  indented\n\nlast  ';
    expect(page({ note })).toBe(
      "<form>\n    <textarea name='note'>first\n  indented\n\nlast  </textarea>\n<p>after</p>\n</form>\n",
    );
  });
});

describe('the t helper', () => {
  const hbs = configureHandlebars(mkdtempSync(join(tmpdir(), 'views-spec-')));

  it("prints the page language's text, with plurals", () => {
    const page = hbs.handlebars.compile("<p>{{t 'count.orders' count=n}}</p>");
    expect(page({ lang: 'fr', n: 2 })).toBe('<p>2 commandes</p>');
    expect(page({ lang: 'en', n: 1 })).toBe('<p>1 order</p>');
    expect(page({ n: 1 })).toBe('<p>1 order</p>');
  });

  it('escapes interpolated values', () => {
    const page = hbs.handlebars.compile("<p>{{t 'forgot.sent' email=email}}</p>");
    expect(page({ lang: 'en', email: '<b>x</b>@example.com' })).toContain(
      '<p>If an account exists for &lt;b&gt;x&lt;/b&gt;@example.com, we have sent it',
    );
  });
});

describe('the money and date helpers', () => {
  const hbs = configureHandlebars(mkdtempSync(join(tmpdir(), 'views-spec-')));
  const paidAt = new Date('2026-12-01T23:30:00Z');

  it("print money in the page's language, as Intl does", () => {
    const page = hbs.handlebars.compile('<p>{{money amount currency}}</p>');
    const french = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(24.5);
    // A no-break space before € (this Node's ICU writes U+00A0 there, U+202F between thousands).
    expect(french).toMatch(/^24,50[\u00a0\u202f]€$/);
    expect(page({ lang: 'fr', amount: 2450, currency: 'eur' })).toBe(`<p>${french}</p>`);
    expect(page({ lang: 'en', amount: 2450, currency: 'eur' })).toBe('<p>€24.50</p>');
    expect(page({ lang: 'en', amount: 1999, currency: 'usd' })).toBe('<p>$19.99</p>');
    expect(page({ lang: 'fr', amount: 123456, currency: 'eur' })).toBe(
      `<p>${new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1234.56)}</p>`,
    );
  });

  it("print a <time> in the page's language and time zone", () => {
    const page = hbs.handlebars.compile('<p>{{dateTime paidAt}} / {{date paidAt}}</p>');
    const frText = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(paidAt);
    expect(page({ lang: 'fr', timeZone: 'Europe/Paris', paidAt })).toBe(
      `<p><time datetime="2026-12-01T23:30:00.000Z">${frText}</time> / <time datetime="2026-12-01T23:30:00.000Z">2 déc. 2026</time></p>`,
    );
    expect(page({ lang: 'en', paidAt })).toContain('>Dec 1, 2026</time>');
  });

  it('put a <time> inside a translated sentence, whose other values stay escaped', () => {
    const page = hbs.handlebars.compile(
      "<p>{{t 'admin.shop.suspendedSince' when=(dateTime at) reason=reason}}</p>",
    );
    const frText = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    }).format(paidAt);
    const html = page({ lang: 'fr', timeZone: 'Europe/Paris', at: paidAt, reason: '<b>fraude</b>' });
    expect(html).toContain(`<time datetime="2026-12-01T23:30:00.000Z">${frText}</time>`);
    expect(html).toContain('&lt;b&gt;fraude&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('\u0000');
  });

  it('print nothing for a missing date', () => {
    const page = hbs.handlebars.compile('<p>{{dateTime paidAt}}</p>');
    expect(page({ lang: 'fr', paidAt: null })).toBe('<p></p>');
  });
});
