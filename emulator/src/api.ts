import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler, ApiRequest, EmulatorContext } from './context.js';
import { errors, StripeApiError } from './errors.js';
import { API_VERSION, currentRequest } from './events.js';
import { expandPaths, type Expansion } from './expand.js';
import type { Faults } from './faults.js';
import { parseForm } from './form.js';
import { header } from './http/request.js';
import { compile, match, type Route } from './http/routes.js';
import type { IdempotencyKeys } from './idempotency.js';
import { newId } from './ids.js';
import { validateParams } from './params.js';
import type { RecordedRequest, RequestLog } from './request-log.js';

/** The answer to one `/v1` request: recorded in the request log as it is sent. */
class ApiReply {
  constructor(
    private readonly res: ServerResponse,
    readonly record: RecordedRequest,
  ) {}

  send(status: number, text: string, extra: Record<string, string> = {}): void {
    this.record.status = status;
    this.res.writeHead(status, {
      'Content-Type': 'application/json',
      'Request-Id': this.record.id,
      'Stripe-Version': API_VERSION,
      ...(this.record.idempotencyKey ? { 'Idempotency-Key': this.record.idempotencyKey } : {}),
      ...extra,
    });
    this.res.end(text);
  }

  error(err: StripeApiError): void {
    this.send(err.status, errorJson(err), err.headers);
  }

  /** The saved answer of an earlier request with the same idempotency key, as Stripe replays it. */
  replay(saved: { status: number; body: string; requestId: string }): void {
    this.record.replayed = true;
    this.record.status = saved.status;
    this.res.writeHead(saved.status, {
      'Content-Type': 'application/json',
      'Request-Id': saved.requestId,
      'Stripe-Version': API_VERSION,
      'Idempotency-Key': this.record.idempotencyKey!,
      'Idempotent-Replayed': 'true',
      'Original-Request': saved.requestId,
    });
    this.res.end(saved.body);
  }
}

/**
 * Stripe's wire format for `/v1/...`: auth, injected faults, `Stripe-Account`, bracket-encoded
 * parameters checked against the spec, idempotency, `expand`, error bodies, `Request-Id`, and
 * the request log.
 */
export class ApiDispatcher {
  private readonly routes: Route<ApiHandler>[] = [];

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly faults: Faults,
    private readonly log: RequestLog,
    private readonly idempotency: IdempotencyKeys,
    private readonly expansion: Expansion,
  ) {}

  add(method: string, pattern: string, handler: ApiHandler): void {
    this.routes.push(compile(method, pattern, handler));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const requestId = newId('req', 14);
    const account = header(req, 'stripe-account') ?? null;
    const idempotencyKey = method === 'POST' ? (header(req, 'idempotency-key') ?? null) : null;
    const raw = method === 'POST' ? body : url.search.slice(1);
    const record: RecordedRequest = {
      id: requestId,
      at: Date.now(),
      method,
      path,
      account,
      idempotencyKey,
      params: parseForm(raw),
      status: 0,
      replayed: false,
      fault: null,
    };
    this.log.add(record);
    const reply = new ApiReply(res, record);

    const refused = authenticate(req);
    if (refused) return reply.error(refused);

    const fault = this.faults.take(method, path);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'error_500') return reply.error(errors.api());
    if (fault?.kind === 'rate_limit') return reply.error(errors.rateLimit(fault.shouldRetry));

    if (account && !this.accountUsable(account)) return reply.error(errors.accountInvalid(account));

    const found = match(this.routes, method, path);
    if (!found) return reply.error(errors.unrecognizedUrl(method, path));

    let apiRequest: ApiRequest;
    try {
      apiRequest = {
        method,
        path,
        pathParams: found.pathParams,
        params: validateParams(`${method} ${found.route.pattern}`, record.params),
        owner: account,
        requestId,
        idempotencyKey,
      };
    } catch (err) {
      if (err instanceof StripeApiError) return reply.error(err);
      throw err;
    }

    let finish: ((status: number, body: string) => void) | undefined;
    if (idempotencyKey) {
      const check = this.idempotency.begin(account, idempotencyKey, { method, path, raw, requestId });
      if (check.kind === 'mismatch') return reply.error(errors.idempotencyMismatch(idempotencyKey));
      if (check.kind === 'in_use') return reply.error(errors.idempotencyInUse());
      if (check.kind === 'replay') return reply.replay(check);
      finish = check.finish;
    }

    if (fault?.kind === 'delay') await sleep(fault.delayMs);
    const result = await this.execute(found.route.handler, apiRequest);
    finish?.(result.status, result.text);
    if (fault?.kind === 'reset') {
      record.status = result.status;
      req.socket.destroy();
      return;
    }
    reply.send(result.status, result.text, result.headers);
  }

  /** Runs the handler; a thrown error becomes Stripe's error body (500 `api_error` if unexpected). */
  private async execute(handler: ApiHandler, req: ApiRequest) {
    try {
      const result = await currentRequest.run({ id: req.requestId, idempotencyKey: req.idempotencyKey }, () =>
        handler(req),
      );
      const expanded = this.expansion.expand(result, expandPaths(req.params), req.owner);
      return { status: 200, text: JSON.stringify(expanded, null, 2), headers: {} };
    } catch (err) {
      const apiErr =
        err instanceof StripeApiError ? err : errors.api(err instanceof Error ? err.message : String(err));
      return { status: apiErr.status, text: errorJson(apiErr), headers: apiErr.headers };
    }
  }

  private accountUsable(account: string): boolean {
    const row = this.ctx.store.find<{ id: string }>('account', account);
    const state = this.ctx.store.find<{ deauthorized?: boolean }>('account_state', account)?.value;
    return Boolean(row) && !state?.deauthorized;
  }
}

/** Any `sk_test_…` key is accepted; no key or another kind is 401 `authentication_error`. */
function authenticate(req: IncomingMessage): StripeApiError | undefined {
  const auth = header(req, 'authorization');
  const key = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
  if (!key) {
    return errors.authentication(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (!/^sk_test_\w+$/.test(key)) {
    return errors.authentication(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(8)}`);
  }
  return undefined;
}

function errorJson(err: StripeApiError): string {
  return JSON.stringify({ error: err.body }, null, 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
