import type { ShopProductCard, ShopProductDetail } from '../catalog/storefront-catalog.service.js';
import { pictureView, shareableImageUrl } from '../catalog/image-variants.js';
import { minorUnitDigits } from '../common/currency.js';
import { t } from '../common/i18n.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { HEX_COLOUR } from './storefront-frame.js';
import { readableOn, textOn } from '../common/contrast.js';

/**
 * What the shopper pages show, and the shop's three generated files (brand.css, robots.txt,
 * sitemap.xml): allow-listed fields and preformatted text, never entities. `origin` is the
 * shop's origin from config (common/shop-url.ts), never the Host header.
 */

/**
 * How wide the pictures are shown (storefront.css), for the browser to pick a copy before
 * layout: a card is a column of the products grid (two columns on a phone, three from 40rem,
 * four from 60rem in the 960 px container), the product page's main picture the page's width on
 * a phone and about half the container beside the text from 48rem; gallery thumbnails 4rem.
 */
const CARD_SIZES = '(min-width: 60rem) 14rem, (min-width: 40rem) 33vw, 50vw';
const PRODUCT_SIZES = '(min-width: 48rem) 30rem, 100vw';
/** Gallery thumbnails: 4rem (64 px, .gallery-thumb): the 128 square copy at 1× and 2×. */
const THUMB_SIZES = '4rem';
/** A cart line's thumbnail: 4rem too (.cart-thumb-image), the 128 square copy. */
const CART_THUMB_SIZES = '4rem';
/** Cards in the first rows are in view on arrival: fetched at once, the rest when scrolled to. */
const EAGER_CARDS = 4;

export function productCard(p: ShopProductCard, index = 0) {
  return {
    id: p.id,
    name: p.name,
    priceAmount: p.priceAmount,
    currency: p.currency,
    soldOut: p.stock === 0,
    url: `/products/${p.id}`,
    picture: p.image
      ? pictureView(p.image, {
          shape: 'square',
          sizes: CARD_SIZES,
          fallbackAlt: p.name,
          lazy: index >= EAGER_CARDS,
        })
      : null,
  };
}

/** The product page's own part (the frame comes from storefront-frame.ts). */
export function productDetail(product: ShopProductDetail, variantId?: string) {
  const chosen = product.options.length ? product.variants.find((v) => v.id === variantId) : undefined;
  // The chosen variant's own image comes first: it is the page's subject.
  const images = chosen?.image
    ? [chosen.image, ...product.images.filter((i) => i.path !== chosen.image!.path)]
    : product.images;
  return {
    ...productCard(product),
    // Split here so the template keeps line breaks without a triple-stash.
    paragraphs: product.description.split('\n'),
    // The gallery (works without scripts): every picture in a strip that scrolls sideways, the
    // first one in view; the thumbnails below link to each (`#image-n` scrolls the strip to it).
    pictures: images.map((image, index) => ({
      ...pictureView(image, {
        shape: 'wide',
        sizes: PRODUCT_SIZES,
        fallbackAlt: product.name,
        lazy: index > 0,
      }),
      anchor: `image-${index + 1}`,
      number: index + 1,
    })),
    thumbnails:
      images.length > 1
        ? images.map((image, index) => ({
            // The link says which picture it shows (storefront.theme.showImage): no alt repeated.
            ...pictureView(image, { shape: 'square', sizes: THUMB_SIZES, fallbackAlt: '', lazy: false }),
            alt: '',
            anchor: `image-${index + 1}`,
            number: index + 1,
            count: images.length,
          }))
        : [],
    hasOptions: product.options.length > 0,
    picker: product.options.length ? variantPicker(product, chosen) : null,
  };
}

/** The sellable variant with exactly these option values (in the options' order), if any. */
export function variantOfValues(product: ShopProductDetail, values: ReadonlyArray<string | undefined>) {
  return product.variants.find((v) => v.optionValues.every((value, i) => value === values[i]));
}

/**
 * The option picker (views/partials/storefront/variant-picker.hbs): a select per option whose
 * values say when no sellable variant with the other chosen values has stock, and the chosen
 * variant's price, availability and add-to-cart form. Works without script: the select form is
 * a GET that redirects to `?variant=`.
 */
function variantPicker(
  product: ShopProductDetail,
  chosen: ShopProductDetail['variants'][number] | undefined,
) {
  const inStock = (v: ShopProductDetail['variants'][number]) => v.stock === null || v.stock > 0;
  return {
    options: product.options.map((option, index) => ({
      name: option.name,
      field: `option${index + 1}`,
      id: `variant-option-${index + 1}`,
      values: option.values.map((value) => {
        // Would this value, with the other options as chosen, make a combination one can buy?
        const matching = product.variants.filter(
          (v) =>
            v.optionValues[index] === value &&
            (!chosen || v.optionValues.every((x, i) => i === index || x === chosen.optionValues[i])),
        );
        return {
          value,
          selected: chosen?.optionValues[index] === value,
          soldOut: !matching.some(inStock),
        };
      }),
    })),
    chosen: chosen
      ? {
          id: chosen.id,
          title: chosen.optionValues.join(' / '),
          priceAmount: chosen.priceAmount,
          compareAtAmount: chosen.compareAtAmount,
          currency: product.currency,
          soldOut: !inStock(chosen),
          stock: chosen.stock,
        }
      : null,
    unavailable: product.variants.length === 0,
  };
}

/** A cart line's thumbnail: its name is the link next to it, so the picture's alt is empty. */
export function cartThumbnail(p: ShopProductCard) {
  return p.image
    ? {
        ...pictureView(p.image, { shape: 'square', sizes: CART_THUMB_SIZES, fallbackAlt: '', lazy: false }),
        alt: '',
      }
    : null;
}

/** The home page's previous and next links (no count: the storefront does not show one). */
export function homePager(page: number, hasNext: boolean) {
  return {
    prevHref: page > 1 ? `/?page=${page - 1}` : null,
    nextHref: hasNext ? `/?page=${page + 1}` : null,
  };
}

/** The meta description of a product page: its description on one line, at most 160 characters. */
export function summary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

/** The backgrounds storefront.css puts text on (app.css `--card` and `--bg`). */
export const PAGE_BACKGROUNDS = ['#ffffff', '#f7f8fa'] as const;

/**
 * Per-shop theme: CSP forbids inline styles, so the brand colour is a stylesheet of its own.
 * Accessible whatever the colour (WCAG AA, common/contrast.ts): buttons and the header's stripe
 * are the colour itself with black or white text, whichever contrasts more (`--accent-ink`);
 * links and other text in the colour on the page's backgrounds are darkened or lightened to
 * 4.5:1 (`--accent-text`). `scope` is the selector the variables are set on.
 */
export function brandCss(shop: Pick<ShopContext, 'brandColour'>, scope = ':root'): string {
  const colour =
    shop.brandColour && HEX_COLOUR.test(shop.brandColour) ? shop.brandColour.toLowerCase() : null;
  if (!colour) return '';
  return `${scope} {\n  --accent: ${colour};\n  --accent-ink: ${textOn(colour)};\n  --accent-text: ${readableOn(colour, PAGE_BACKGROUNDS)};\n}\n`;
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /cart\nDisallow: /checkout\nSitemap: ${origin}/sitemap.xml\n`;
}

export function sitemapXml(
  origin: string,
  entries: Array<{ id: string; updatedAt: Date }>,
  collections: Array<{ handle: string; updatedAt: Date }> = [],
): string {
  const urls = [
    `<url><loc>${xml(`${origin}/`)}</loc></url>`,
    ...collections.map(
      (c) =>
        `<url><loc>${xml(`${origin}/collections/${c.handle}`)}</loc><lastmod>${c.updatedAt.toISOString()}</lastmod></url>`,
    ),
    ...entries.map(
      (e) =>
        `<url><loc>${xml(`${origin}/products/${e.id}`)}</loc><lastmod>${e.updatedAt.toISOString()}</lastmod></url>`,
    ),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A listing's parameters; the default order and the first page are left out of its URLs. */
export interface ListingParams {
  q?: string;
  sort: string;
  page: number;
}

/**
 * The one URL of a listing (home, collection, search) for given parameters, in a fixed order
 * with defaults left out: the canonical link, the pager and the sort links all use it, so a
 * sorted or paginated page has one address.
 */
export function listingHref(path: string, params: ListingParams, defaultSort: string): string {
  const query = new URLSearchParams();
  if (params.q) query.set('q', params.q);
  if (params.sort !== defaultSort) query.set('sort', params.sort);
  if (params.page > 1) query.set('page', String(params.page));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The sort links of a listing, the current one marked; each goes back to the first page. */
export function sortLinks(
  lang: string,
  path: string,
  params: ListingParams,
  sorts: readonly string[],
  defaultSort: string,
) {
  return sorts.map((sort) => ({
    label: t(lang, `discovery.sort.${sort}`),
    href: listingHref(path, { ...params, sort, page: 1 }, defaultSort),
    current: sort === params.sort,
  }));
}

export function listingPager(path: string, params: ListingParams, defaultSort: string, hasNext: boolean) {
  return {
    prevHref: params.page > 1 ? listingHref(path, { ...params, page: params.page - 1 }, defaultSort) : null,
    nextHref: hasNext ? listingHref(path, { ...params, page: params.page + 1 }, defaultSort) : null,
  };
}

/** Integer minor units as schema.org wants a price: "12.50", "1200" (JPY). */
function decimalPrice(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits ? `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` : `${sign}${text}`;
}

/**
 * The product page's structured data (schema.org Product with its Offer, and the breadcrumb
 * trail), as the text of a `<script type="application/ld+json">`. A data block is never run
 * (the CSP's script-src does not apply to it), but the HTML parser still ends it at `</script>`:
 * every `<` is written `\u003c` (same JSON), so no text of the merchant's can close it.
 */
export function productJsonLd(
  origin: string,
  shop: { name: string },
  product: ShopProductDetail,
  homeLabel: string,
): string {
  const url = `${origin}/products/${product.id}`;
  const data = [
    {
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: product.name,
      ...(product.description ? { description: product.description } : {}),
      url,
      ...(product.images.length
        ? { image: product.images.map((image) => shareableImageUrl(origin, image)) }
        : {}),
      brand: { '@type': 'Brand', name: shop.name },
      offers: {
        '@type': 'Offer',
        url,
        price: decimalPrice(product.priceAmount, product.currency),
        priceCurrency: product.currency.toUpperCase(),
        availability: product.stock === 0 ? 'https://schema.org/OutOfStock' : 'https://schema.org/InStock',
        seller: { '@type': 'Organization', name: shop.name },
      },
    },
    {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: homeLabel, item: `${origin}/` },
        { '@type': 'ListItem', position: 2, name: product.name, item: url },
      ],
    },
  ];
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
