import { QueryEnum, QueryInt, QueryPattern } from '../../web/query-params.js';

export class HomeQuery {
  @QueryInt({ max: 99_999 }) page?: number;
}

export class CartQuery {
  /** Back from Stripe's cancel link. */
  @QueryEnum(['1']) cancelled?: string;
}

export class BrandCssQuery {
  /** Cache-busting: the first 8 hex digits of the colour's SHA-1 (storefront-frame.ts). */
  @QueryPattern(/^[0-9a-f]{8}$/) v?: string;
}
