import type { FaultKind } from './faults.js';
import type { FormObject } from './form.js';

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

/** Every `/v1` request, for `GET /_emulator/requests` and `control.requests()`. */
export class RequestLog {
  private entries: RecordedRequest[] = [];

  add(record: RecordedRequest): void {
    this.entries.push(record);
  }

  filter(filter: { path?: string; method?: string; account?: string } = {}): RecordedRequest[] {
    return this.entries.filter(
      (r) =>
        (!filter.path || r.path === filter.path) &&
        (!filter.method || r.method === filter.method.toUpperCase()) &&
        (!filter.account || r.account === filter.account),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
