import { QueryEnum, QueryInt, QueryPattern, QueryText } from '../../web/query-params.js';
import { MAX_LISTING_PAGE, SEARCH_SORTS, SORTS } from '../../catalog/product-search.js';

export class HomeQuery {
  @QueryInt({ max: 99_999 }) page?: number;
  @QueryEnum(SORTS) sort?: string;
}

export class CollectionQuery {
  @QueryInt({ max: MAX_LISTING_PAGE }) page?: number;
  @QueryEnum(SORTS) sort?: string;
}

export class SearchQuery {
  @QueryText(100) q?: string;
  @QueryInt({ max: MAX_LISTING_PAGE }) page?: number;
  @QueryEnum(SEARCH_SORTS) sort?: string;
}

export class CartQuery {
  /** Back from Stripe's cancel link. */
  @QueryEnum(['1']) cancelled?: string;
  /** "Deliver to" (ISO code): the cart shows what each of that country's rates costs. */
  @QueryPattern(/^[A-Z]{2}$/) country?: string;
}

export class BrandCssQuery {
  /** Cache-busting: the first 8 hex digits of the colour's SHA-1 (storefront-frame.ts). */
  @QueryPattern(/^[0-9a-f]{8}$/) v?: string;
}

/** The product page: the chosen variant (shareable), or the option values the picker sent. */
export class ProductQuery {
  @QueryPattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i) variant?: string;
  @QueryText(60) option1?: string;
  @QueryText(60) option2?: string;
  @QueryText(60) option3?: string;
}
