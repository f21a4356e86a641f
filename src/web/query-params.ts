import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';
import { DomainError, message } from '../common/domain-error.js';

/**
 * The one way a route declares its query parameters: a DTO class whose every property carries
 * one of the decorators below, taken whole with `@Query() query: SomethingQuery` and checked by
 * the global RequestValidationPipe (validation.pipe.ts). Each decorator says what the value must
 * look like, strictly: a value that does not fit answers 400 (InvalidQuery) before any service
 * or query sees it, so a hostile link can never reach the database as "bigint out of range" or
 * "invalid input syntax" (a 500 with a stack in the log).
 *
 * Rules shared by every kind:
 * - one value: a repeated name (`?page=1&page=2`) or the bracket form (`?page[]=1`) is an array
 *   where a string is expected, so 400;
 * - an empty value (`?q=` from a form's blank field) is the same as no value;
 * - no control characters (PostgreSQL refuses a NUL in text: that would be a 500).
 *
 * Undeclared names are dropped by the pipe's whitelist and never reach the code, on the
 * platform host and on shop hosts alike: shop and landing pages are linked from outside with
 * `utm_*`, `fbclid` and the like, and Stripe's return URLs are its to shape, so refusing them
 * would break working links for no safety gained.
 */
export type QueryParamKind = 'int' | 'enum' | 'text' | 'day' | 'pattern' | 'cursor';

export interface QueryParamSpec {
  kind: QueryParamKind;
}

/** A query that does not fit its route's declaration: the link is wrong, not the server. */
export class InvalidQuery extends DomainError {
  readonly kind = 'bad_request';
  readonly code = 'invalid_query';
  constructor(readonly names: string[]) {
    super(
      names.length
        ? message('errors.invalidQueryNamed', { names: names.join(', ') })
        : message('errors.invalidQuery'),
    );
  }
}

const SPECS = new WeakMap<object, Map<string, QueryParamSpec>>();

/** The declared parameters of a query DTO (empty for a class that declares none this way). */
export function queryParamsOf(dto: unknown): ReadonlyMap<string, QueryParamSpec> {
  const found = new Map<string, QueryParamSpec>();
  // Walk up the prototype chain: a DTO may extend another (every admin list extends PageQuery).
  for (let c = dto; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const [name, spec] of SPECS.get(c) ?? []) if (!found.has(name)) found.set(name, spec);
  }
  return found;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function declare(
  spec: QueryParamSpec,
  accepts: (value: unknown) => boolean,
  convert: (value: string) => unknown = (v) => v,
): PropertyDecorator {
  return (target, key) => {
    const name = String(key);
    const specs = SPECS.get(target.constructor) ?? new Map<string, QueryParamSpec>();
    specs.set(name, spec);
    SPECS.set(target.constructor, specs);
    Transform(({ value }: { value: unknown }) =>
      value === '' ? undefined : typeof value === 'string' && !CONTROL.test(value) ? convert(value) : value,
    )(target, key);
    IsOptional()(target, key);
    ValidateBy({
      name: `query_${spec.kind}`,
      validator: { validate: accepts, defaultMessage: () => `${name} is not valid here` },
    })(target, key);
  };
}

const isText = (value: unknown): value is string => typeof value === 'string' && !CONTROL.test(value);

/** A whole number in [min, max], digits only (no sign, exponent, decimals or spaces). */
export function QueryInt(options: { min?: number; max: number }): PropertyDecorator {
  const min = options.min ?? 1;
  return declare(
    { kind: 'int' },
    (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= options.max,
    (v) => (/^\d{1,15}$/.test(v) ? Number(v) : v),
  );
}

/** One of a fixed list of values (a flag such as `?saved=1` is `QueryEnum(['1'])`). */
export function QueryEnum(values: readonly string[]): PropertyDecorator {
  return declare({ kind: 'enum' }, (v) => isText(v) && values.includes(v));
}

/** Free text (a search box), at most `maxLength` characters. Shown back escaped, as any value. */
export function QueryText(maxLength: number): PropertyDecorator {
  return declare({ kind: 'text' }, (v) => isText(v) && v.length <= maxLength);
}

/** A calendar day, YYYY-MM-DD, that exists (no 2024-02-30). */
export function QueryDay(): PropertyDecorator {
  return declare({ kind: 'day' }, (v) => isText(v) && isCalendarDay(v));
}

/** A value of a known shape (a token, a Stripe id), given as an anchored pattern. */
export function QueryPattern(pattern: RegExp): PropertyDecorator {
  return declare({ kind: 'pattern' }, (v) => isText(v) && pattern.test(v));
}

/**
 * An opaque cursor, valid only if `decode` (the feature's own decoder, which checks every part)
 * returns something: a cursor that decodes to garbage is a 400, never a query.
 */
export function QueryCursor(decode: (value: string) => unknown): PropertyDecorator {
  return declare(
    { kind: 'cursor' },
    (v) => isText(v) && v.length <= 200 && /^[A-Za-z0-9_-]+$/.test(v) && decode(v) !== undefined,
  );
}

export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1970 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
