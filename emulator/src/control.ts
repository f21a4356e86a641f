import type Stripe from 'stripe';
import type { EmulatorContext, PageRequest } from './context.js';
import { PAGES_CSS } from './pages/html.js';
import type { AccountState } from './resources/accounts.js';
import { balanceOf } from './resources/balance.js';
import type { Fault, FaultInput, FaultKind, Faults } from './faults.js';
import type { RecordedRequest, RequestLog } from './request-log.js';

export const EMULATOR_NAME = 'comptoir-stripe-emulator';

/** Control operations, shared by the `/_emulator/...` routes and the programmatic handle. */
export class Control {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly pendingFaults: Faults,
    private readonly requestLog: RequestLog,
    private readonly tick: () => void,
  ) {}

  advanceClock(seconds: number): number {
    const now = this.ctx.clock.advance(seconds);
    this.tick();
    return now;
  }

  injectFault(input: FaultInput): Fault {
    return this.pendingFaults.add(input);
  }

  faults(): Fault[] {
    return this.pendingFaults.list();
  }

  clearFaults(): void {
    this.pendingFaults.clear();
  }

  requests(filter: { path?: string; method?: string; account?: string } = {}): RecordedRequest[] {
    return this.requestLog.filter(filter);
  }

  clearRequests(): void {
    this.requestLog.clear();
  }

  /** The platform loses access: `account.application.deauthorized`, then 403s for that account. */
  deauthorize(accountId: string): Stripe.Event | undefined {
    const account = this.ctx.store.find<Stripe.Account>('account', accountId)?.value;
    if (!account) return undefined;
    const application: Stripe.Application = {
      id: this.ctx.settings.applicationId,
      object: 'application',
      name: 'Comptoir (emulator)',
    };
    const event = this.ctx.events.emit('account.application.deauthorized', application, {
      account: accountId,
    });
    const state = this.ctx.store.find<AccountState>('account_state', accountId)?.value ?? {};
    state.deauthorized = true;
    this.ctx.store.insert('account_state', null, accountId, state);
    return event;
  }

  balances() {
    const out: Record<string, Stripe.Balance> = { platform: balanceOf(this.ctx, null) };
    for (const a of this.ctx.store.list<Stripe.Account>('account', null))
      out[a.id] = balanceOf(this.ctx, a.id);
    return out;
  }
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
  return n === undefined || Number.isNaN(n) ? undefined : n;
}

/** JSON body or form fields, as one flat record. */
function input(req: PageRequest): Record<string, unknown> {
  return req.json && typeof req.json === 'object' ? (req.json as Record<string, unknown>) : req.form;
}

export function registerControlRoutes(ctx: EmulatorContext, control: Control): void {
  const bad = (message: string) => ({ status: 400, json: { error: { message } } });

  ctx.page('GET', '/_emulator/static/pages.css', () => ({ css: PAGES_CSS }));
  // Browsers ask for it on every hosted page.
  ctx.page('GET', '/favicon.ico', () => ({ status: 204, css: '' }));
  ctx.page('GET', '/_emulator/health', () => ({
    json: { ok: true, emulator: EMULATOR_NAME, api_version: '2026-10-28.endive', now: ctx.clock.now() },
  }));
  ctx.page('GET', '/_emulator/clock', () => ({
    json: { now: ctx.clock.now(), offset: ctx.store.clockOffset },
  }));
  ctx.page('POST', '/_emulator/clock/advance', (req) => {
    const seconds = num(input(req).seconds);
    if (seconds === undefined || seconds < 0) return bad('seconds: a non-negative number is required');
    return { json: { now: control.advanceClock(seconds) } };
  });
  ctx.page('POST', '/_emulator/events/{id}/resend', (req) => {
    const endpoint = input(req).endpoint;
    const ok = ctx.webhooks.resend(req.pathParams.id, typeof endpoint === 'string' ? endpoint : undefined);
    return ok
      ? { json: { resent: req.pathParams.id } }
      : { status: 404, json: { error: { message: 'No such event' } } };
  });
  ctx.page('GET', '/_emulator/events/{id}/deliveries', (req) => {
    const log = ctx.webhooks.log(req.pathParams.id);
    return log ? { json: log } : { status: 404, json: { error: { message: 'No such event' } } };
  });
  ctx.page('POST', '/_emulator/accounts/{account}/deauthorize', (req) => {
    const event = control.deauthorize(req.pathParams.account);
    return event
      ? { json: { deauthorized: req.pathParams.account, event: event.id } }
      : { status: 404, json: { error: { message: 'No such account' } } };
  });
  ctx.page('GET', '/_emulator/faults', () => ({ json: { data: control.faults() } }));
  ctx.page('POST', '/_emulator/faults', (req) => {
    const body = input(req);
    try {
      const fault = control.injectFault({
        path: typeof body.path === 'string' ? body.path : '',
        kind: (typeof body.kind === 'string' ? body.kind : '') as FaultKind,
        count: num(body.count),
        method: typeof body.method === 'string' ? body.method : undefined,
        delayMs: num(body.delay_ms),
        shouldRetry:
          body.should_retry === undefined
            ? undefined
            : body.should_retry !== false && body.should_retry !== 'false',
      });
      return { json: fault };
    } catch (err) {
      return bad((err as Error).message);
    }
  });
  ctx.page('POST', '/_emulator/faults/clear', () => {
    control.clearFaults();
    return { json: { cleared: true } };
  });
  ctx.page('GET', '/_emulator/requests', (req) => ({
    json: {
      data: control.requests({
        path: req.query.get('path') ?? undefined,
        method: req.query.get('method') ?? undefined,
        account: req.query.get('account') ?? undefined,
      }),
    },
  }));
  ctx.page('POST', '/_emulator/requests/clear', () => {
    control.clearRequests();
    return { json: { cleared: true } };
  });
  ctx.page('GET', '/_emulator/balances', () => ({ json: control.balances() }));
}
