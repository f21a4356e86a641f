import type { ShopProductCard, ShopProductDetail } from '../catalog/storefront-catalog.service.js';
import { pictureView } from '../catalog/image-variants.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { HEX_COLOUR } from './storefront-frame.js';

/**
 * What the shopper pages show, and the shop's three generated files (brand.css, robots.txt,
 * sitemap.xml): allow-listed fields and preformatted text, never entities. `origin` is the
 * shop's origin from config (common/shop-url.ts), never the Host header.
 */

/**
 * How wide the pictures are shown (app.css), for the browser to pick a copy before layout: a
 * card is a column of the products grid (one column on a phone, ~15rem cells up to the 960 px
 * container), the product page's pictures at most 40rem.
 */
const CARD_SIZES = '(min-width: 60rem) 15rem, (min-width: 30rem) 50vw, 100vw';
const PRODUCT_SIZES = '(min-width: 42rem) 40rem, 100vw';
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
    // The first picture is the page's subject; the others come below it.
    pictures: images.map((image, index) =>
      pictureView(image, { shape: 'wide', sizes: PRODUCT_SIZES, fallbackAlt: product.name, lazy: index > 0 }),
    ),
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

/** Per-shop theme: CSP forbids inline styles, so the brand colour is a stylesheet of its own. */
export function brandCss(shop: Pick<ShopContext, 'brandColour'>): string {
  const colour = shop.brandColour && HEX_COLOUR.test(shop.brandColour) ? shop.brandColour : null;
  return colour ? `:root { --accent: ${colour}; }\n.shop-bar { border-bottom: 3px solid ${colour}; }\n` : '';
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /cart\nDisallow: /checkout\nSitemap: ${origin}/sitemap.xml\n`;
}

export function sitemapXml(origin: string, entries: Array<{ id: string; updatedAt: Date }>): string {
  const urls = [
    `<url><loc>${xml(`${origin}/`)}</loc></url>`,
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
