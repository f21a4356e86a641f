import type { ShopContext } from '../tenants/shop-context.js';

/**
 * The storefront's search and sort orders, as SQL fragments. The search expressions are the
 * ones migration AddCollectionsAndSearch indexed (ix_product_search_fr/_en, ix_product_name_trgm):
 * keep them identical, or PostgreSQL stops using the indexes.
 *
 * Full-text search first (stems and accents in the shop's first language, name weighted above
 * description, ranked); when it finds nothing at all, trigrams on the name: similar as a whole
 * (`%`, pg_trgm's 0.3) or containing a similar run of words (`<%`, 0.6), so a misspelt word
 * ("tase en grès", "stonware") still finds "Tasse en grès" or "Stoneware mugs".
 */

/** The text search configuration of a shop: its own (first) language's, English otherwise. */
export function searchConfigOf(shop: Pick<ShopContext, 'languages'>): 'comptoir_fr' | 'comptoir_en' {
  return shop.languages[0] === 'fr' ? 'comptoir_fr' : 'comptoir_en';
}

/** The indexed document of product `p` (migration AddCollectionsAndSearch, SEARCH_DOCUMENT). */
export function searchDocument(config: 'comptoir_fr' | 'comptoir_en'): string {
  return `(setweight(to_tsvector('${config}'::regconfig, p."name"), 'A') || setweight(to_tsvector('${config}'::regconfig, p."description"), 'B'))`;
}

/** The indexed trigram expression of product `p`'s name (ix_product_name_trgm). */
export const TRIGRAM_NAME = `comptoir_unaccent(lower(p."name"))`;

export const SORTS = ['featured', 'newest', 'price-asc', 'price-desc'] as const;
export type Sort = (typeof SORTS)[number];
export const SEARCH_SORTS = ['relevance', ...SORTS] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * ORDER BY of a product listing; `featured` is the merchant's order (the products' sort order,
 * or in a collection its positions). Every order ends on the id, so pages never overlap.
 */
export function orderBy(sort: SearchSort, featured: string, relevance = featured): string {
  switch (sort) {
    case 'newest':
      return 'p.created_at DESC, p.id DESC';
    case 'price-asc':
      return 'p.price_amount, p.id';
    case 'price-desc':
      return 'p.price_amount DESC, p.id DESC';
    case 'relevance':
      return relevance;
    default:
      return featured;
  }
}

/**
 * Pages are bounded: OFFSET pagination whose cost grows with the page, so no further than this
 * (4,800 products in any order; the search box and collections narrow beyond that).
 */
export const MAX_LISTING_PAGE = 200;
