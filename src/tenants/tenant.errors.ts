import { DomainError, message } from '../common/domain-error.js';

export class ShopNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'shop_not_found';
  constructor() {
    super(message('errors.tenants.shopNotFound'));
  }
}

/** A suspended shop answers 503 on every storefront route: it exists, but sells nothing. */
export class ShopUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'shop_unavailable';
  constructor() {
    super(message('errors.tenants.shopUnavailable'));
  }
}

/** A Host that is neither the platform's nor a shop's (`evil.example`, `a.b.localhost`). */
export class UnknownHost extends DomainError {
  readonly kind = 'bad_request';
  readonly code = 'unknown_host';
  constructor() {
    super(message('errors.tenants.unknownHost'));
  }
}
