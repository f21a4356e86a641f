import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { Params } from './params.js';
import type { Scheduler } from './scheduler.js';
import type { Owner, Store } from './store.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface EmulatorSettings {
  /** Stripe's card fee, as Stripe prices it: percent of the amount plus a fixed part, rounded. */
  stripeFeePercent: number;
  stripeFeeFixed: number;
  /** Seconds before a charge's funds move from `pending` to `available`. */
  availabilityDelaySeconds: number;
  /** How long the Checkout page waits for `checkout.session.completed` deliveries (ms). */
  completionWaitMs: number;
  /** The id of the platform's Connect application (`ca_…`). */
  applicationId: string;
  /** Stripe's dispute fee, taken from the account when a dispute opens (returned if won). */
  disputeFee: number;
  /**
   * Emulator seconds for Stripe's "a few seconds later": SEPA test debits settling, test-card
   * disputes arriving, test-card refunds failing.
   */
  asyncDelaySeconds: number;
  /** Emulator seconds before a "later" SEPA debit settles (Stripe: at least three minutes). */
  sepaLaterDelaySeconds: number;
}

/** One `/v1/...` request after auth, parsing and validation. */
export interface ApiRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Params;
  /** The `Stripe-Account` header: the connected account acted on, or null for the platform. */
  owner: Owner;
  requestId: string;
  idempotencyKey: string | null;
}

export type ApiHandler = (req: ApiRequest) => unknown;

/** A hosted page or control request: query and (form or JSON) body, both flattened to strings. */
export interface PageRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  form: Record<string, string>;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface PageResponse {
  status?: number;
  html?: string;
  json?: unknown;
  css?: string;
  redirect?: string;
}

export type PageHandler = (req: PageRequest) => PageResponse | Promise<PageResponse>;

/** Fills an expandable field that holds no id (e.g. a session's `line_items`). */
export type Expander = (object: Record<string, unknown>, owner: Owner) => unknown;

/**
 * What every resource file gets: the shared store, clock and event bus, and ways to add API
 * routes (patterns in the spec's form, `/v1/accounts/{account}`, so the parameter lists apply),
 * hosted pages, control routes, expanders and periodic work.
 */
export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly webhooks: WebhookDispatcher;
  readonly settings: EmulatorSettings;
  /** Clock-driven deferred work (`scheduler.on(kind, fn)`, `scheduler.schedule(kind, s, payload)`). */
  readonly scheduler: Scheduler;
  /** The emulator's own origin, for hosted page URLs (known once it listens). */
  publicUrl(): string;
  api(method: 'GET' | 'POST' | 'DELETE', pattern: string, handler: ApiHandler): void;
  page(method: 'GET' | 'POST', pattern: string, handler: PageHandler): void;
  /** Registers an id prefix (`pi`) → table (`payment_intent`) so `expand[]` can resolve ids. */
  expandable(prefix: string, table: string): void;
  expander(objectType: string, field: string, expander: Expander): void;
  /** Runs after every clock move and every few seconds (expirations). */
  onTick(fn: () => void): void;
}
