import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  ApiHandler,
  ApiRequest,
  EmulatorContext,
  Expander,
  PageHandler,
  PageResponse,
} from './context.js';
import { errors, StripeApiError } from './errors.js';
import { API_VERSION, currentRequest } from './events.js';
import { parseForm, type FormObject } from './form.js';
import { newId } from './ids.js';
import { validateParams } from './params.js';
import type { Owner } from './store.js';

export type FaultKind = 'error_500' | 'rate_limit' | 'delay' | 'reset';

/** A fault for the next `remaining` requests whose path matches (`*` at the end = prefix). */
export interface Fault {
  id: string;
  path: string;
  method?: string;
  kind: FaultKind;
  remaining: number;
  /** `delay`: how long the request is held (with its idempotency key in flight). */
  delayMs: number;
  /** `rate_limit`: the `Stripe-Should-Retry` header. */
  shouldRetry: boolean;
}

/** One request to `/v1/...` as the emulator received it. */
export interface RecordedRequest {
  id: string;
  at: number;
  method: string;
  path: string;
  account: string | null;
  idempotencyKey: string | null;
  /** The parameters as sent, parsed from bracket notation. */
  params: FormObject;
  status: number;
  replayed: boolean;
  fault: FaultKind | null;
}

interface IdempotencyRecord {
  fingerprint: string;
  inFlight: boolean;
  status: number;
  body: string;
  requestId: string;
  created: number;
}

interface Route<H> {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: H;
}

function compile<H>(method: string, pattern: string, handler: H): Route<H> {
  const names: string[] = [];
  const source = pattern.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern, regex: new RegExp(`^${source}$`), names, handler };
}

function match<H>(routes: Route<H>[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
    return { route, pathParams };
  }
  return undefined;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * The HTTP side: Stripe's wire format for `/v1/...` (auth, `Stripe-Account`, bracket-encoded
 * parameters checked against the spec, idempotency, `expand`, error bodies, `Request-Id`), the
 * hosted pages and the `/_emulator/...` control routes, plus fault injection and a request log.
 */
export class EmulatorServer {
  readonly apiRoutes: Route<ApiHandler>[] = [];
  readonly pageRoutes: Route<PageHandler>[] = [];
  readonly idTables = new Map<string, string>();
  readonly expanders = new Map<string, Expander>();
  faults: Fault[] = [];
  requests: RecordedRequest[] = [];
  readonly http: Server;

  constructor(private ctx: EmulatorContext) {
    this.http = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(err instanceof Error ? err.message : 'error');
      });
    });
    // The SDK keeps connections alive; do not let idle ones hold close() up.
    this.http.keepAliveTimeout = 5000;
  }

  addApi(method: string, pattern: string, handler: ApiHandler): void {
    this.apiRoutes.push(compile(method, pattern, handler));
  }

  addPage(method: string, pattern: string, handler: PageHandler): void {
    this.pageRoutes.push(compile(method, pattern, handler));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    if (url.pathname.startsWith('/v1/')) return this.handleApi(req, res, url, body);
    return this.handlePage(req, res, url, body);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path),
    );
    if (fault && --fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
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
    this.requests.push(record);
    const send = (status: number, text: string, extra: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Request-Id': requestId,
        'Stripe-Version': API_VERSION,
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        ...extra,
      });
      res.end(text);
    };
    const sendError = (err: StripeApiError) => send(err.status, errorJson(err), err.headers);

    const auth = header(req, 'authorization');
    const key = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (!key) {
      return sendError(
        errors.authentication(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        ),
      );
    }
    if (!/^sk_test_\w+$/.test(key)) {
      return sendError(errors.authentication(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(8)}`));
    }

    const fault = this.takeFault(method, path);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'error_500') return sendError(errors.api());
    if (fault?.kind === 'rate_limit') return sendError(errors.rateLimit(fault.shouldRetry));

    if (account && !this.accountUsable(account)) return sendError(errors.accountInvalid(account));

    const found = match(this.apiRoutes, method, path);
    if (!found) return sendError(errors.unrecognizedUrl(method, path));

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
      if (err instanceof StripeApiError) return sendError(err);
      throw err;
    }

    // Idempotency: saved per account + key once the request starts executing.
    let saved: IdempotencyRecord | undefined;
    const scopeKey = idempotencyKey ? `${account ?? 'platform'}:${idempotencyKey}` : undefined;
    if (scopeKey) {
      const fingerprint = `${method} ${path} ${canonical(raw)}`;
      const previous = this.ctx.store.find<IdempotencyRecord>('idempotency', scopeKey)?.value;
      if (previous && previous.created + IDEMPOTENCY_TTL_SECONDS > this.ctx.clock.now()) {
        if (previous.fingerprint !== fingerprint)
          return sendError(errors.idempotencyMismatch(idempotencyKey!));
        if (previous.inFlight) return sendError(errors.idempotencyInUse());
        record.replayed = true;
        record.status = previous.status;
        res.writeHead(previous.status, {
          'Content-Type': 'application/json',
          'Request-Id': previous.requestId,
          'Stripe-Version': API_VERSION,
          'Idempotency-Key': idempotencyKey!,
          'Idempotent-Replayed': 'true',
          'Original-Request': previous.requestId,
        });
        res.end(previous.body);
        return;
      }
      saved = { fingerprint, inFlight: true, status: 0, body: '', requestId, created: this.ctx.clock.now() };
      this.ctx.store.insert('idempotency', null, scopeKey, saved);
    }

    if (fault?.kind === 'delay') await sleep(fault.delayMs);

    let status = 200;
    let text: string;
    let extraHeaders: Record<string, string> = {};
    try {
      const result = await currentRequest.run({ id: requestId, idempotencyKey }, () =>
        found.route.handler(apiRequest),
      );
      text = JSON.stringify(this.expand(result, expandPaths(apiRequest.params), account), null, 2);
    } catch (err) {
      const apiErr =
        err instanceof StripeApiError ? err : errors.api(err instanceof Error ? err.message : String(err));
      status = apiErr.status;
      text = errorJson(apiErr);
      extraHeaders = apiErr.headers;
    }
    if (saved) {
      Object.assign(saved, { inFlight: false, status, body: text });
      this.ctx.store.touch();
    }
    if (fault?.kind === 'reset') {
      record.status = status;
      req.socket.destroy();
      return;
    }
    send(status, text, extraHeaders);
  }

  accountUsable(account: string): boolean {
    const row = this.ctx.store.find<{ id: string }>('account', account);
    const state = this.ctx.store.find<{ deauthorized?: boolean }>('account_state', account)?.value;
    return Boolean(row) && !state?.deauthorized;
  }

  /** Applies `expand[]` paths (`payment_intent`, `data.price.product`, `line_items`). */
  expand(value: unknown, paths: string[], owner: Owner): unknown {
    for (const path of paths) value = this.expandPath(value, path.split('.'), owner);
    return value;
  }

  private expandPath(value: unknown, segments: string[], owner: Owner): unknown {
    if (!segments.length || typeof value !== 'object' || value === null) return value;
    const obj = value as Record<string, unknown>;
    const [head, ...rest] = segments;
    if (obj.object === 'list' && head === 'data' && Array.isArray(obj.data)) {
      return { ...obj, data: obj.data.map((item) => this.expandPath(item, rest, owner)) };
    }
    const expander = this.expanders.get(`${String(obj.object)}.${head}`);
    let field = obj[head];
    if (expander) field = expander(obj, owner);
    else if (typeof field === 'string') {
      const table = this.idTables.get(field.slice(0, field.indexOf('_')));
      const found = table ? this.ctx.store.find(table, field) : undefined;
      if (found && (found.owner === owner || table === 'account')) field = structuredClone(found.value);
    }
    return { ...obj, [head]: this.expandPath(field, rest, owner) };
  }

  private async handlePage(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const found = match(this.pageRoutes, method === 'HEAD' ? 'GET' : method, url.pathname);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const type = header(req, 'content-type') ?? '';
    let json: unknown;
    const form: Record<string, string> = {};
    if (type.includes('application/json') && body) {
      try {
        json = JSON.parse(body);
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Invalid JSON body' } }));
        return;
      }
    } else {
      for (const [k, v] of new URLSearchParams(body)) form[k] = v;
    }
    const response = await found.route.handler({
      method,
      path: url.pathname,
      pathParams: found.pathParams,
      query: url.searchParams,
      form,
      json,
      headers: req.headers,
    });
    writePage(res, response);
  }
}

// Hosted pages: strict CSP, no scripts at all; the stylesheet is served from the same origin.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function writePage(res: ServerResponse, r: PageResponse): void {
  if (r.redirect) {
    res.writeHead(r.status ?? 303, { Location: r.redirect, ...PAGE_HEADERS });
    res.end();
  } else if (r.html !== undefined) {
    res.writeHead(r.status ?? 200, { 'Content-Type': 'text/html; charset=utf-8', ...PAGE_HEADERS });
    res.end(r.html);
  } else if (r.css !== undefined) {
    res.writeHead(r.status ?? 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(r.css);
  } else {
    res.writeHead(r.status ?? 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(r.json ?? {}, null, 2));
  }
}

function errorJson(err: StripeApiError): string {
  return JSON.stringify({ error: err.body }, null, 2);
}

function expandPaths(params: Record<string, unknown>): string[] {
  const expand = params.expand;
  return Array.isArray(expand) ? expand.filter((e): e is string => typeof e === 'string') : [];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Same parameters in any order are the same request. */
function canonical(raw: string): string {
  return raw.split('&').filter(Boolean).sort().join('&');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
