import {
  BadRequestException,
  ParseUUIDPipe,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import { NotFoundError } from '../common/domain-error.js';
import { InvalidQuery, queryParamsOf } from './query-params.js';

/**
 * The global pipe (bootstrap.ts): class-validator DTOs for bodies and queries, undeclared names
 * stripped (`whitelist`). A query that does not fit its DTO is an InvalidQuery (400, naming the
 * parameters, never echoing values); a body keeps Nest's BadRequestException (400).
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, transform: true, forbidUnknownValues: false });
    // Nest's own 400 for bodies, with the names of the failing properties kept for queries.
    const base = this.exceptionFactory;
    this.exceptionFactory = (errors: ValidationError[]): unknown =>
      Object.assign(base(errors) as object, { properties: errors.map((e) => e.property) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'query') return super.transform(value, metadata);
    // The bracket form of a declared name (`?page[]=1`) is an array where one value is expected,
    // whichever query parser is set: say so rather than drop it as an unknown name.
    const declared = queryParamsOf(metadata.metatype);
    const bracketed =
      value && typeof value === 'object'
        ? Object.keys(value).filter((key) => declared.has(key.split('[')[0]) && key.includes('['))
        : [];
    if (bracketed.length) throw new InvalidQuery(bracketed.map((k) => k.split('[')[0]));
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof BadRequestException)) throw err;
      throw new InvalidQuery((err as { properties?: string[] }).properties ?? []);
    }
  }
}

/**
 * A path id that is not a uuid names a page that does not exist: 404, like an unknown id, and
 * never a query (PostgreSQL would refuse it as "invalid input syntax for type uuid").
 */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundError(),
});

/** A path parameter of a known shape (a Stripe id, say); anything else is a 404. */
export function PatternParam(pattern: RegExp): PipeTransform<string, string> {
  return {
    transform(value: string): string {
      if (typeof value !== 'string' || !pattern.test(value)) throw new NotFoundError();
      return value;
    },
  };
}
