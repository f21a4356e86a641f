/**
 * At most `limit` operations at once per key (a user id), in this process. No queue: a caller
 * over the limit is refused at once, so a slow client cannot park work in memory either.
 */
export class InFlightLimit {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** A release function (idempotent) when a slot was free, or null when `key` is at its limit. */
  tryAcquire(key: string): (() => void) | null {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.limit) return null;
    this.counts.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  inFlight(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
