import type { AddressInfo } from 'node:net';
import { ApiDispatcher } from './api.js';
import { Clock } from './clock.js';
import type { EmulatorContext, EmulatorSettings } from './context.js';
import { Control, registerControlRoutes } from './control.js';
import { EventBus } from './events.js';
import { Expansion } from './expand.js';
import { Faults } from './faults.js';
import { PageDispatcher } from './http/pages.js';
import { IdempotencyKeys } from './idempotency.js';
import { RequestLog } from './request-log.js';
import { HOSTED_PAGES } from './pages/index.js';
import { RESOURCES } from './resources/index.js';
import { Scheduler } from './scheduler.js';
import { createEmulatorServer } from './server.js';
import { Store } from './store.js';
import { WebhookDispatcher } from './webhooks.js';

export { EMULATOR_NAME } from './control.js';
export { submitHostedOnboarding } from './hosted-onboarding.js';
export { API_VERSION } from './events.js';
export type { Fault, FaultKind } from './faults.js';
export type { RecordedRequest } from './request-log.js';
export type { DeliveryLog } from './webhooks.js';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Keep state in `<dataDir>/state.json` across restarts; absent = in memory only. */
  dataDir?: string;
  /** Webhook retry delays in ms (default: 1 min, 5 min, 30 min, 2 h, 5 h, 10 h). */
  retrySchedule?: number[];
  /** How long a webhook endpoint may take to answer (default 10 s). */
  deliveryTimeoutMs?: number;
  /** Stripe's card fee (default 2.9 % + 30 minor units). */
  stripeFeePercent?: number;
  stripeFeeFixed?: number;
  /** Seconds before charged funds become available (default 2 days). */
  availabilityDelaySeconds?: number;
  /** How long the Checkout page waits for `checkout.session.completed` deliveries (default 10 s). */
  completionWaitMs?: number;
  /** Origin used in hosted page URLs (default `http://<host>:<port>`). */
  publicUrl?: string;
  /** Interval of the background tick that expires sessions and prunes events (default 5 s). */
  tickIntervalMs?: number;
  /** Stripe's dispute fee in minor units (default 1500). */
  disputeFee?: number;
  /** Emulator seconds for Stripe's "a few seconds later" (SEPA settles, disputes open; default 5). */
  asyncDelaySeconds?: number;
  /** Emulator seconds before the "later" SEPA test IBANs settle (default 180). */
  sepaLaterDelaySeconds?: number;
  /** Freeze the clock's real-time part: time moves only by `advanceClock` (for exact tests). */
  frozenClock?: boolean;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  control: Control;
  /** Moves the clock forward and runs expirations. */
  advanceClock(seconds: number): number;
  now(): number;
  /** Resolves when every queued webhook delivery and retry has finished. */
  deliveriesIdle(): Promise<void>;
  context: EmulatorContext;
}

const DEFAULT_RETRIES = [60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];

/** Starts an emulator; tests use `startEmulator()` for a fresh in-memory one on a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = new Store(options.dataDir);
  const clock = new Clock(store, options.frozenClock ? Math.floor(Date.now() / 1000) : undefined);
  const events = new EventBus(store, clock);
  const webhooks = new WebhookDispatcher(store, events, {
    retrySchedule: options.retrySchedule ?? DEFAULT_RETRIES,
    timeoutMs: options.deliveryTimeoutMs ?? 10_000,
  });
  const settings: EmulatorSettings = {
    stripeFeePercent: options.stripeFeePercent ?? 2.9,
    stripeFeeFixed: options.stripeFeeFixed ?? 30,
    availabilityDelaySeconds: options.availabilityDelaySeconds ?? 2 * 24 * 3600,
    completionWaitMs: options.completionWaitMs ?? 10_000,
    applicationId: 'ca_ComptoirEmulator0000000000',
    disputeFee: options.disputeFee ?? 1500,
    asyncDelaySeconds: options.asyncDelaySeconds ?? 5,
    sepaLaterDelaySeconds: options.sepaLaterDelaySeconds ?? 180,
  };
  const scheduler = new Scheduler(store, clock);
  let publicUrl = options.publicUrl ?? '';
  const ticks: Array<() => void> = [];
  const faults = new Faults();
  const requests = new RequestLog();
  const expansion = new Expansion(store);
  const pages = new PageDispatcher();
  // The API dispatcher needs the context and the context the dispatcher's route table.
  // eslint-disable-next-line prefer-const -- assigned once the context that it needs exists
  let api!: ApiDispatcher;
  const ctx: EmulatorContext = {
    store,
    clock,
    events,
    webhooks,
    settings,
    scheduler,
    publicUrl: () => publicUrl,
    api: (method, pattern, handler) => api.add(method, pattern, handler),
    page: (method, pattern, handler) => pages.add(method, pattern, handler),
    expandable: (prefix, table) => expansion.idTables.set(prefix, table),
    expander: (type, field, fn) => expansion.expanders.set(`${type}.${field}`, fn),
    onTick: (fn) => ticks.push(fn),
  };
  api = new ApiDispatcher(ctx, faults, requests, new IdempotencyKeys(store, clock), expansion);
  for (const register of [...RESOURCES, ...HOSTED_PAGES]) register(ctx);
  const tick = () => {
    scheduler.runDue();
    ticks.forEach((fn) => fn());
  };
  const control = new Control(ctx, faults, requests, tick);
  registerControlRoutes(ctx, control);

  const http = createEmulatorServer(api, pages);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  publicUrl ||= url;
  const interval = setInterval(tick, options.tickIntervalMs ?? 5000);
  interval.unref();

  return {
    url,
    port,
    control,
    context: ctx,
    advanceClock: (seconds) => control.advanceClock(seconds),
    now: () => clock.now(),
    deliveriesIdle: () => webhooks.idle(),
    async close() {
      clearInterval(interval);
      scheduler.close();
      webhooks.close();
      store.flush();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
