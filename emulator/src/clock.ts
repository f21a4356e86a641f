import type { Store } from './store.js';

/**
 * The emulator's clock: real time plus an offset that `/_emulator/clock/advance` moves forward,
 * so sessions and links expire (and balances become available) without waiting. The offset is
 * part of the saved state.
 */
export class Clock {
  /**
   * `frozenAt` (Unix seconds) stops the real-time part: only `advance` moves time. Tests that
   * assert "not yet" one emulator second before a deadline need it on a loaded machine.
   */
  constructor(
    private readonly store: Store,
    private readonly frozenAt?: number,
  ) {}

  /** Unix seconds, as Stripe's `created` fields. */
  now(): number {
    return (this.frozenAt ?? Math.floor(Date.now() / 1000)) + this.store.clockOffset;
  }

  advance(seconds: number): number {
    this.store.clockOffset += seconds;
    this.store.touch();
    return this.now();
  }
}
