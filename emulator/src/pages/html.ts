import type { PageLocale } from './i18n.js';

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(value)
        : value == null
          ? ''
          : JSON.stringify(value);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A tagged template whose interpolations are escaped, except nested `html` results. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Html ? x.text : esc(x))).join('')
      : v instanceof Html
        ? v.text
        : esc(v);
    out += part + strings[i + 1];
  });
  return new Html(out);
}

/**
 * The hosted pages' frame in the page's language (`<html lang>` included); `stylesheets` are
 * same-origin URLs (the CSP allows no inline style).
 */
export function layout(locale: PageLocale, title: string, body: Html, stylesheets: string[] = []): string {
  return html`<!doctype html>
    <html lang="${locale.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/_emulator/static/pages.css" />
        ${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
      </head>
      <body>
        <div class="test-banner">${locale.t('layout.testBanner')}</div>
        <main>${body}</main>
      </body>
    </html>`.text;
}

/** `#rrggbb` or null: only a well-formed colour reaches a stylesheet. */
export function safeColor(value: unknown): string | null {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : null;
}

export const PAGES_CSS = `
:root { --brand: #635bff; font-family: system-ui, sans-serif; color: #1a1f36; }
body { margin: 0; background: #f6f9fc; }
.test-banner { background: #ffde92; color: #5a3d00; text-align: center; font-size: 13px; padding: 4px; }
main { max-width: 460px; margin: 32px auto; background: #fff; padding: 24px; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
h1 { font-size: 22px; margin: 0 0 16px; }
.merchant { display: flex; align-items: center; gap: 8px; font-weight: 600; margin-bottom: 16px; }
.merchant .dot { width: 14px; height: 14px; border-radius: 50%; background: var(--brand); display: inline-block; }
label { display: block; margin: 12px 0 4px; font-size: 14px; }
input, select { width: 100%; box-sizing: border-box; padding: 10px; font-size: 16px; border: 1px solid #ccd; border-radius: 6px; }
.row { display: flex; gap: 8px; } .row > div { flex: 1; }
button { margin-top: 20px; width: 100%; padding: 12px; font-size: 16px; border: 0; border-radius: 6px; background: var(--brand); color: #fff; cursor: pointer; }
button.secondary { background: #e3e8ee; color: #1a1f36; }
.error { background: #fde8e8; color: #9b1c1c; padding: 10px; border-radius: 6px; margin: 12px 0; }
table.items { width: 100%; border-collapse: collapse; } .items td { padding: 6px 0; } .items td.amount { text-align: right; }
.total { font-size: 20px; font-weight: 700; display: flex; justify-content: space-between; border-top: 1px solid #e3e8ee; padding-top: 12px; margin-top: 8px; }
.hint { color: #697386; font-size: 13px; }
.custom-text { color: #697386; font-size: 13px; overflow-wrap: anywhere; }
a.cancel { display: inline-block; margin-top: 16px; color: #697386; }
fieldset { border: 1px solid #e3e8ee; border-radius: 6px; margin: 16px 0 0; padding: 4px 12px 12px; min-width: 0; }
legend { font-weight: 600; font-size: 14px; padding: 0 4px; }
label.rate { display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: center; margin: 0; padding: 10px 0; border-bottom: 1px solid #e3e8ee; cursor: pointer; }
label.rate input { width: auto; margin: 0; }
.rate-amount { text-align: right; white-space: nowrap; font-weight: 600; }
.rate-estimate { grid-column: 2 / 4; color: #697386; font-size: 13px; }
.shipping-rates button { margin-top: 12px; }
`;
