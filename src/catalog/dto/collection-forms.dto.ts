import { IsOptional, IsString } from 'class-validator';
import { QueryEnum, QueryText } from '../../web/query-params.js';

/** The collection form as posted: strings, checked by checkCollectionInput. */
export class CollectionForm {
  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() handle?: string;
  @IsOptional() @IsString() description?: string;
}

export class CollectionProductForm {
  @IsOptional() @IsString() productId?: string;
}

/** The product page's collections fieldset: the ticked boxes (none, one or several). */
export class ProductCollectionsForm {
  @IsOptional() @IsString({ each: true }) collectionIds?: string | string[];
}

export const COLLECTION_NOTICES = ['saved', 'created', 'products'] as const;
export const COLLECTION_LIST_NOTICES = ['deleted'] as const;

export class CollectionListQuery {
  @QueryEnum(COLLECTION_LIST_NOTICES) done?: string;
}

export class CollectionEditQuery {
  @QueryEnum(COLLECTION_NOTICES) done?: string;
  /** The "find products to add" box. */
  @QueryText(100) q?: string;
}
