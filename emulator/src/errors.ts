/** A Stripe API error: thrown by handlers, written by the server as Stripe's error body. */
export interface StripeErrorBody {
  type:
    | 'invalid_request_error'
    | 'api_error'
    | 'card_error'
    | 'idempotency_error'
    | 'authentication_error'
    | 'rate_limit_error';
  code?: string;
  decline_code?: string;
  param?: string;
  message: string;
  doc_url?: string;
  payment_intent?: unknown;
  charge?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    if (body.code && !body.doc_url)
      body.doc_url = `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}`;
  }
}

const invalid = (message: string, extra: Partial<StripeErrorBody> = {}, status = 400) =>
  new StripeApiError(status, { type: 'invalid_request_error', message, ...extra });

export const errors = {
  invalid,
  missing: (param: string) =>
    invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param }),
  unknown: (param: string) =>
    invalid(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param }),
  invalidInteger: (param: string, value: string) =>
    invalid(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param }),
  invalidBoolean: (param: string, value: string) =>
    invalid(`Invalid boolean: ${value}`, { code: 'parameter_invalid_boolean', param }),
  invalidEnum: (param: string, allowed: readonly string[]) =>
    invalid(`Invalid ${param}: must be one of ${allowed.join(', ')}`, { param }),
  notFound: (kind: string, id: string, param = 'id') =>
    invalid(`No such ${kind}: '${id}'`, { code: 'resource_missing', param }, 404),
  unrecognizedUrl: (method: string, path: string) =>
    invalid(`Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs.`, {}, 404),
  authentication: (message: string) => new StripeApiError(401, { type: 'authentication_error', message }),
  accountInvalid: (account: string) =>
    new StripeApiError(403, {
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
    }),
  idempotencyMismatch: (key: string) =>
    new StripeApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  idempotencyInUse: () =>
    new StripeApiError(409, {
      type: 'invalid_request_error',
      code: 'idempotency_key_in_use',
      message:
        'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): please try again later.',
    }),
  api: (message = 'An unknown error occurred') => new StripeApiError(500, { type: 'api_error', message }),
  rateLimit: (shouldRetry: boolean) =>
    new StripeApiError(
      429,
      {
        type: 'rate_limit_error',
        code: 'rate_limit',
        message:
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      },
      { 'Stripe-Should-Retry': String(shouldRetry) },
    ),
};
