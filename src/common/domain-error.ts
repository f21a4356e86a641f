/**
 * Base of every error a service throws on purpose. Services never throw HTTP exceptions;
 * the one exception filter (src/web/error.filter.ts) maps `kind` to a status and a page.
 */
export type DomainErrorKind =
  'bad_request' | 'not_found' | 'invalid' | 'conflict' | 'forbidden' | 'unavailable' | 'rate_limited';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** A stable machine-readable code, e.g. `shop_not_found`. */
  abstract readonly code: string;
  /** Shown to the user as is: keep it free of internals. */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly code = 'not_found',
    message = 'We could not find that page.',
  ) {
    super(message);
  }
}

export class ValidationFailed extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'validation_failed';
  /** Messages per field name, for forms that re-render with errors. */
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
  }
}
