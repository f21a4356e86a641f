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
