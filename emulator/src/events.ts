import { AsyncLocalStorage } from 'node:async_hooks';
import type Stripe from 'stripe';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import type { Owner, Store } from './store.js';

export const API_VERSION = '2026-10-28.endive';
/** Events are kept (listable, retrievable) this long, as Stripe keeps them. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/** The API request being served, so events name it in `request` as Stripe's do. */
export const currentRequest = new AsyncLocalStorage<{ id: string; idempotencyKey: string | null }>();

export interface EmitOptions {
  /** The connected account the change happened on; omit for the platform's own events. */
  account?: Owner;
  previousAttributes?: Record<string, unknown>;
}

type Listener = (event: Stripe.Event) => void;

/**
 * Creates and stores events. Every change in every resource goes through `emit`; the webhook
 * dispatcher listens here. `data.object` is a snapshot taken at emission time.
 */
export class EventBus {
  private listeners: Listener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  onEvent(listener: Listener): void {
    this.listeners.push(listener);
  }

  emit(type: string, object: unknown, options: EmitOptions = {}): Stripe.Event {
    const req = currentRequest.getStore();
    const event = {
      id: newId('evt'),
      object: 'event',
      ...(options.account ? { account: options.account } : {}),
      api_version: API_VERSION,
      created: this.clock.now(),
      data: {
        object: structuredClone(object),
        ...(options.previousAttributes
          ? { previous_attributes: structuredClone(options.previousAttributes) }
          : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: req
        ? { id: req.id, idempotency_key: req.idempotencyKey }
        : { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.store.insert('event', options.account ?? null, event.id, event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Drops events older than the retention window. */
  prune(): void {
    const cutoff = this.clock.now() - EVENT_RETENTION_SECONDS;
    for (const event of this.store.list<Stripe.Event>('event', undefined)) {
      if (event.created < cutoff) this.store.delete('event', event.id);
    }
  }
}

/**
 * `previous_attributes` as Stripe gives them: for each changed key its old value, recursing into
 * plain objects so only the changed sub-keys appear.
 */
export function previousAttributes(before: unknown, after: unknown): Record<string, unknown> | undefined {
  if (!isPlain(before) || !isPlain(after)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const nested = isPlain(a) && isPlain(b) ? previousAttributes(a, b) : undefined;
    out[key] = nested ?? (a === undefined ? null : a);
  }
  return Object.keys(out).length ? out : undefined;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
