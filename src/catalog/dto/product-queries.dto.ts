import { QueryEnum, QueryInt, QueryText } from '../../web/query-params.js';

export class ProductListQuery {
  @QueryInt({ max: 100_000 }) page?: number;
  @QueryText(100) q?: string;
}

export const PRODUCT_NOTICES = [
  'saved',
  'published',
  'unpublished',
  'archived',
  'image',
  'image-removed',
] as const;

export class ProductEditQuery {
  @QueryEnum(PRODUCT_NOTICES) done?: string;
  @QueryEnum(['1']) created?: string;
}
