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
