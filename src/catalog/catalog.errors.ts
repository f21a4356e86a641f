import { DomainError, message, NotFoundError } from '../common/domain-error.js';

/** A product of another shop, an archived one on the storefront, or a malformed id: all "not found". */
export class ProductNotFound extends NotFoundError {
  constructor() {
    super('product_not_found', message('errors.catalog.productNotFound'));
  }
}

export class ProductArchived extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'product_archived';
  constructor() {
    super(message('errors.catalog.productArchived'));
  }
}

/** More uploads at once than one user may have in flight (see ImageUploadInterceptor). */
export class TooManyUploadsInFlight extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'uploads_in_flight';
  constructor(limit: number) {
    super(message('errors.catalog.tooManyUploads', { count: limit }));
  }
}

/** A collection of another shop, or a malformed id or handle: "not found". */
export class CollectionNotFound extends NotFoundError {
  constructor() {
    super('collection_not_found', message('discovery.errors.collectionNotFound'));
  }
}
