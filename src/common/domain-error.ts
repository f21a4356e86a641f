import { DEFAULT_LANGUAGE, t } from './i18n.js';

/**
 * A sentence for a person, by catalog key (locales/*.json) and values, translated only when a
 * page shows it, in that page's language. A value may itself be a Message (translated first), or
 * a function of the language for what only the reader's locale can spell (a number's example).
 */
export interface Message {
  key: string;
  values?: Record<string, MessageValue>;
}

export type MessageValue = string | number | Message | ((lang: string) => string);

export function message(key: string, values?: Record<string, MessageValue>): Message {
  return values ? { key, values } : { key };
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';
}

/** Whole minutes to wait, at least one: what a throttled person is told. */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/** `text` in `lang` (English for a language without a catalog). */
export function translate(lang: string | undefined, text: Message): string {
  const reader = lang ?? DEFAULT_LANGUAGE;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) {
    values[name] =
      typeof value === 'function' ? value(reader) : isMessage(value) ? translate(reader, value) : value;
  }
  return t(reader, text.key, values);
}

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
  /**
   * What the person is told, by key: free of internals. `message` is its English text, stable
   * for logs; a page shows `localized(lang).message`.
   */
  readonly text: Message;

  constructor(text: Message) {
    super(translate(DEFAULT_LANGUAGE, text));
    this.name = new.target.name;
    this.text = text;
  }

  /**
   * The same error as a page in `lang` shows it: `message` (and a form's field messages)
   * translated. A copy of the same class, so form routes keep telling refusals apart by type.
   */
  localized(lang: string | undefined): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    Object.defineProperty(copy, 'message', { value: translate(lang, this.text), writable: true });
    Object.defineProperty(copy, 'stack', { value: this.stack, writable: true });
    return copy;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(
    readonly code = 'not_found',
    text: Message = message('errors.notFound'),
  ) {
    super(text);
  }
}

export class ValidationFailed extends DomainError {
  readonly kind: DomainErrorKind = 'invalid';
  readonly code = 'validation_failed';
  /** Messages per field name, for forms that re-render with errors: English until `localized`. */
  readonly fields: Record<string, string>;

  /** One message per field that needs correcting. */
  constructor(readonly problems: Record<string, Message>) {
    const joined = Object.values(problems);
    super(
      message('errors.validation', { fields: (lang) => joined.map((m) => translate(lang, m)).join(' ') }),
    );
    this.fields = translateFields(DEFAULT_LANGUAGE, problems);
  }

  override localized(lang: string | undefined): this {
    const copy = super.localized(lang);
    Object.defineProperty(copy, 'fields', { value: translateFields(lang, this.problems) });
    return copy;
  }
}

function translateFields(
  lang: string | undefined,
  problems: Record<string, Message>,
): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([field, text]) => [field, translate(lang, text)]));
}
