import { join } from 'node:path';
import { ROOT_DIR } from '../root-dir.js';
import { confirmView, CONFIRM_PAGE } from './confirm-view.js';
import { configureHandlebars, DASHBOARD_LAYOUT } from './views.js';

const VIEWS = join(ROOT_DIR, 'views');
const hbs = configureHandlebars(VIEWS);

/** Renders a page of views/ as express would (hbs, layout included). */
function render(view: string, model: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    hbs.__express(
      join(VIEWS, `${view}.hbs`),
      { settings: { views: VIEWS }, _csrf: 'token', ...model },
      (err: Error | null, html?: string) => (err ? reject(err) : resolve(html!)),
    );
  });
}

const count = (html: string, text: string) => html.split(text).length - 1;

describe('page layouts and shared partials', () => {
  it('puts the dashboard nav (current section marked) and the suspension banner around every dashboard page', async () => {
    const html = await render('pages/dashboard/money', {
      layout: DASHBOARD_LAYOUT,
      section: 'money',
      title: 'Balance and payouts',
      shopSuspension: { reason: 'Unpaid fees' },
    });
    expect(count(html, "aria-label='Dashboard'")).toBe(1);
    expect(html).toMatch(/<a href='\/dashboard\/money' aria-current='page'>Money<\/a>/);
    expect(count(html, "aria-current='page'")).toBe(1);
    expect(html).toContain("data-testid='suspension-banner'");
    expect(html).toContain('Reason: Unpaid fees');
    expect(html.indexOf("aria-label='Dashboard'")).toBeLessThan(html.indexOf('<h1>Balance and payouts</h1>'));
  });

  it('shows no dashboard nav on a platform page', async () => {
    const html = await render('pages/dashboard/new-shop', {
      title: 'Create your shop',
      values: {},
      errors: {},
    });
    expect(html).not.toContain("aria-label='Dashboard'");
  });

  it('asks a confirmation through the form field partial: typed value, error tied to its field', async () => {
    const model = confirmView(
      {
        title: 'Suspend Bakery',
        message: 'Its storefront will show "unavailable".',
        action: '/admin/shops/1/suspend',
        button: 'Suspend the shop',
        danger: true,
        cancelHref: '/admin/shops/1',
        inputs: [{ name: 'reason', label: 'Reason', value: 'too <b>many</b>', multiline: true }],
      },
      { reason: 'Give a reason.' },
    );
    const html = await render(CONFIRM_PAGE, { layout: 'layouts/admin', ...model });
    expect(html).toContain(
      "<textarea id='reason' name='reason' rows='3' \n  aria-invalid='true' aria-describedby='reason-error'>too &lt;b&gt;many&lt;/b&gt;</textarea>",
    );
    expect(html).toContain("<p class='field-error' id='reason-error'>Give a reason.</p>");
    expect(html).toContain("<input type='hidden' name='confirm' value='yes' />");
    expect(html).toContain("<a href='/admin/shops/1'>Cancel</a>");
  });

  it('has nothing to confirm when there is no action: no form, a way back', async () => {
    const model = confirmView({
      title: 'Archive “Jam”?',
      message: 'This product is already archived.',
      action: null,
      button: 'Archive',
      cancelHref: '/dashboard/products/1',
    });
    const html = await render(CONFIRM_PAGE, { layout: DASHBOARD_LAYOUT, section: 'products', ...model });
    expect(html).not.toContain('<form');
    expect(html).toContain("<a href='/dashboard/products/1'>Back</a>");
  });

  it('pages with one pager partial: previous, summary, next', async () => {
    const html = await render('pages/admin/audit', {
      layout: 'layouts/admin',
      entries: [],
      filters: {},
      pager: {
        prevHref: '/admin/audit/p1',
        nextHref: '/admin/audit/p3',
        summary: 'Page 2 of 3 · 60 in all',
      },
    });
    expect(html).toContain("<a rel='prev' href='/admin/audit/p1'>← Previous</a>");
    expect(html).toContain('<span>Page 2 of 3 · 60 in all</span>');
    expect(html).toContain("<a rel='next' href='/admin/audit/p3'>Next →</a>");
  });
});
