import { newId } from './ids.js';

export type FaultKind = 'error_500' | 'rate_limit' | 'delay' | 'reset';
export const FAULT_KINDS: FaultKind[] = ['error_500', 'rate_limit', 'delay', 'reset'];

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

export interface FaultInput {
  path: string;
  kind: FaultKind;
  count?: number;
  method?: string;
  delayMs?: number;
  shouldRetry?: boolean;
}

/**
 * Faults injected through the control API (`POST /_emulator/faults`, `control.injectFault()`),
 * each taken by the next matching `/v1` requests until its count runs out. What each kind does
 * to the request is the API dispatcher's business (api.ts).
 */
export class Faults {
  private pending: Fault[] = [];

  add(input: FaultInput): Fault {
    if (!FAULT_KINDS.includes(input.kind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`);
    if (!input.path?.startsWith('/v1/'))
      throw new Error('path must start with /v1/ (a trailing * matches a prefix)');
    const fault: Fault = {
      id: newId('flt', 10),
      path: input.path,
      method: input.method?.toUpperCase(),
      kind: input.kind,
      remaining: input.count ?? 1,
      delayMs: input.delayMs ?? 3000,
      shouldRetry: input.shouldRetry ?? true,
    };
    this.pending.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.pending];
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault for this request, if any, counted down (and dropped when spent). */
  take(method: string, path: string): Fault | undefined {
    const fault = this.pending.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path),
    );
    if (fault && --fault.remaining === 0) this.pending = this.pending.filter((f) => f !== fault);
    return fault;
  }
}
