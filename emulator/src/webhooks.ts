import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';
import type { EventBus } from './events.js';
import type { Store } from './store.js';

export interface DeliveryAttempt {
  endpoint: string;
  url: string;
  attempt: number;
  /** Unix ms of the attempt. */
  at: number;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** The delivery log of one event (table `delivery`, keyed by event id). */
export interface DeliveryLog {
  event: string;
  attempts: DeliveryAttempt[];
  /** Endpoint ids still owed a successful delivery. */
  pending: string[];
}

export interface DispatcherOptions {
  /** Delays (ms) before the 2nd, 3rd, … attempt; the length is the number of retries. */
  retrySchedule: number[];
  /** How long an endpoint may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

/** `Stripe-Signature` for `payload` at unix second `t`, as Stripe signs (v1 = HMAC-SHA256). */
export function signPayload(payload: string, secret: string, t: number): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Delivers each event to the endpoints that match it: `connect: true` endpoints get connected
 * accounts' events (those with `account`), the others the platform's own. Each attempt is
 * signed afresh; a non-2xx answer, a timeout or a network error is retried on the schedule.
 * First attempts to one endpoint go out in emission order; retries do not hold the queue.
 */
export class WebhookDispatcher {
  private queues = new Map<string, Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();
  private firstAttempts = new Map<string, Promise<void>[]>();
  private closed = false;

  constructor(
    private readonly store: Store,
    events: EventBus,
    private readonly options: DispatcherOptions,
  ) {
    events.onEvent((event) => this.dispatch(event));
  }

  private matching(event: Stripe.Event): Stripe.WebhookEndpoint[] {
    return this.store
      .list<Stripe.WebhookEndpoint & { connect?: boolean }>('webhook_endpoint', null)
      .filter((e) => e.status === 'enabled')
      .filter((e) => Boolean(e.connect) === Boolean(event.account))
      .filter((e) => e.enabled_events.includes('*') || e.enabled_events.includes(event.type));
  }

  private dispatch(event: Stripe.Event): void {
    const endpoints = this.matching(event);
    event.pending_webhooks = endpoints.length;
    const log: DeliveryLog = { event: event.id, attempts: [], pending: endpoints.map((e) => e.id) };
    this.store.insert('delivery', null, event.id, log);
    const firsts = endpoints.map((endpoint) =>
      this.enqueue(endpoint.id, () => this.attempt(event.id, endpoint.id, 1)),
    );
    this.firstAttempts.set(event.id, firsts);
  }

  /** Sends the event again to every matching endpoint (or one), as the Dashboard's "Resend". */
  resend(eventId: string, endpointId?: string): boolean {
    const event = this.store.find<Stripe.Event>('event', eventId)?.value;
    if (!event) return false;
    const log = this.log(event.id);
    for (const endpoint of this.matching(event)) {
      if (endpointId && endpoint.id !== endpointId) continue;
      if (log && !log.pending.includes(endpoint.id)) log.pending.push(endpoint.id);
      void this.enqueue(endpoint.id, () => this.attempt(event.id, endpoint.id, 1, false));
    }
    return true;
  }

  log(eventId: string): DeliveryLog | undefined {
    return this.store.find<DeliveryLog>('delivery', eventId)?.value;
  }

  /** Resolves once every first attempt for the event has finished (or after `timeoutMs`). */
  async firstDelivery(eventId: string, timeoutMs: number): Promise<void> {
    const all = Promise.all(this.firstAttempts.get(eventId) ?? []);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Resolves when nothing is queued or waiting for a retry (tests). */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all(this.queues.values());
      if (!this.timers.size) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private enqueue(endpointId: string, job: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(endpointId) ?? Promise.resolve()).then(job, job);
    this.queues.set(endpointId, next);
    return next;
  }

  private async attempt(eventId: string, endpointId: string, attempt: number, retry = true): Promise<void> {
    if (this.closed) return;
    const event = this.store.find<Stripe.Event>('event', eventId)?.value;
    const endpoint = this.store.find<Stripe.WebhookEndpoint>('webhook_endpoint', endpointId)?.value;
    const log = this.log(eventId);
    // A disabled endpoint gets nothing, retries included (they resume only by a resend).
    if (!event || !endpoint || !log || endpoint.status !== 'enabled') return;
    // Stripe sends the event as it was emitted, pretty-printed; pending_webhooks as of now.
    const payload = JSON.stringify({ ...event, pending_webhooks: log.pending.length }, null, 2);
    const t = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signPayload(payload, endpoint.secret!, t),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    log.attempts.push({
      endpoint: endpointId,
      url: endpoint.url,
      attempt,
      at: started,
      status,
      error,
      durationMs: Date.now() - started,
    });
    if (!error) {
      log.pending = log.pending.filter((id) => id !== endpointId);
      event.pending_webhooks = log.pending.length;
    }
    this.store.touch();
    const delay = this.options.retrySchedule[attempt - 1];
    if (error && retry && delay !== undefined && !this.closed) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.enqueue(endpointId, () => this.attempt(eventId, endpointId, attempt + 1));
      }, delay);
      timer.unref();
      this.timers.add(timer);
    }
  }
}
