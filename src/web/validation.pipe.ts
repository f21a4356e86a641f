import {
  ParseUUIDPipe,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationError,
} from '@nestjs/common';
import {
  message,
  NotFoundError,
  ValidationFailed,
  type DomainErrorKind,
  type Message,
} from '../common/domain-error.js';
import { InvalidQuery, queryParamsOf } from './query-params.js';

/**
 * class-validator's constraint names → our sentence under `validation.constraint.` (its own
 * messages are English and name properties: "email must be a string").
 */
const CONSTRAINT_KEYS: Readonly<Record<string, string>> = {
  isString: 'text',
  isBoolean: 'choice',
  isIn: 'choice',
  isInt: 'wholeNumber',
  min: 'tooSmall',
  max: 'tooLarge',
  maxLength: 'tooLong',
  minLength: 'tooShort',
  isUrl: 'url',
  matches: 'format',
};

/** A form body that does not fit its DTO (a tampered or outdated form): 400, a message per field. */
export class InvalidBody extends ValidationFailed {
  override readonly kind: DomainErrorKind = 'bad_request';
}

/** Our message for the first constraint a property failed (or a nested one's). */
function constraintMessage(error: ValidationError): Message {
  const failed = Object.keys(error.constraints ?? {})[0] ?? error.children?.[0]?.property;
  return message(`validation.constraint.${(failed && CONSTRAINT_KEYS[failed]) ?? 'invalid'}`);
}

/**
 * The global pipe (bootstrap.ts): class-validator DTOs for bodies and queries, undeclared names
 * stripped (`whitelist`). A query that does not fit its DTO is an InvalidQuery (400, naming the
 * parameters, never echoing values); a body, an InvalidBody (400) with our message per field.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, transform: true, forbidUnknownValues: false });
    this.exceptionFactory = (errors: ValidationError[]): unknown =>
      new InvalidBody(Object.fromEntries(errors.map((e) => [e.property, constraintMessage(e)])));
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
      if (!(err instanceof InvalidBody)) throw err;
      throw new InvalidQuery(Object.keys(err.problems));
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
