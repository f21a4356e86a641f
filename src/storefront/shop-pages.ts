import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** A shop's legal pages, in the order the footer lists them; each lives at `/pages/<kind>`. */
export const SHOP_PAGE_KINDS = ['legal-notice', 'terms', 'returns', 'privacy', 'contact'] as const;
export type ShopPageKind = (typeof SHOP_PAGE_KINDS)[number];

/** Longest body a page keeps (characters; also a CHECK on `shop_page.body`). */
export const SHOP_PAGE_MAX_LENGTH = 20_000;

export function isShopPageKind(value: unknown): value is ShopPageKind {
  return typeof value === 'string' && (SHOP_PAGE_KINDS as readonly string[]).includes(value);
}

/** The storefront path of a page. */
export function shopPagePath(kind: ShopPageKind): string {
  return `/pages/${kind}`;
}

/** Locale key of a page's title (`shopPages.kinds.<kind>`). */
export function shopPageTitleKey(kind: ShopPageKind): string {
  return `shopPages.kinds.${kind}`;
}

// Raw HTML in the Markdown is shown as text (html: false); links need an explicit scheme.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/**
 * What the rendered HTML may keep: text structure and links, nothing that runs or styles.
 * markdown-it already escapes raw HTML; this allow-list is the second line (a future plugin or
 * option must not open a hole), and it sets every link's rel.
 */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
    // The page's title is its h1: the merchant's headings start one level below.
    h1: 'h2',
    h2: 'h3',
    h3: 'h4',
    h4: 'h5',
    h5: 'h6',
  },
};

/** The page's Markdown as safe HTML: no raw HTML, scripts, styles, event handlers or javascript: URLs. */
export function renderShopPage(body: string): string {
  return sanitizeHtml(markdown.render(body), {
    ...ALLOWED,
    allowedAttributes: { ...ALLOWED.allowedAttributes, a: ['href', 'title', 'rel'] },
  });
}
