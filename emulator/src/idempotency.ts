import type { Clock } from './clock.js';
import type { Store } from './store.js';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** A key's saved answer (table `idempotency`, keyed by account + key), kept 24 h. */
interface IdempotencyRecord {
  fingerprint: string;
  inFlight: boolean;
  status: number;
  body: string;
  requestId: string;
  created: number;
}

/** What a key means for a request about to execute. */
export type IdempotencyCheck =
  /** The same request ran before: answer what it answered. */
  | { kind: 'replay'; status: number; body: string; requestId: string }
  /** The key was used with other parameters: `idempotency_error`. */
  | { kind: 'mismatch' }
  /** The first request with the key is still running: 409 `idempotency_key_in_use`. */
  | { kind: 'in_use' }
  /** New: saved as in flight; `finish` saves the answer once the request has run. */
  | { kind: 'started'; finish(status: number, body: string): void };

/**
 * Stripe's idempotency for POSTs: per account + key, for 24 h. A key is saved once the request
 * starts executing (so validation failures are not saved, but results, 4xx/5xx included, are).
 */
export class IdempotencyKeys {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  begin(
    account: string | null,
    key: string,
    request: { method: string; path: string; raw: string; requestId: string },
  ): IdempotencyCheck {
    const scopeKey = `${account ?? 'platform'}:${key}`;
    const fingerprint = `${request.method} ${request.path} ${canonical(request.raw)}`;
    const previous = this.store.find<IdempotencyRecord>('idempotency', scopeKey)?.value;
    if (previous && previous.created + IDEMPOTENCY_TTL_SECONDS > this.clock.now()) {
      if (previous.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (previous.inFlight) return { kind: 'in_use' };
      return { kind: 'replay', status: previous.status, body: previous.body, requestId: previous.requestId };
    }
    const saved: IdempotencyRecord = {
      fingerprint,
      inFlight: true,
      status: 0,
      body: '',
      requestId: request.requestId,
      created: this.clock.now(),
    };
    this.store.insert('idempotency', null, scopeKey, saved);
    return {
      kind: 'started',
      finish: (status, body) => {
        Object.assign(saved, { inFlight: false, status, body });
        this.store.touch();
      },
    };
  }
}

/** Same parameters in any order are the same request. */
function canonical(raw: string): string {
  return raw.split('&').filter(Boolean).sort().join('&');
}
