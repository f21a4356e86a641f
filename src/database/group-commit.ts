/**
 * Group commit: many callers' writes share one transaction. Items submitted while `concurrency`
 * batches are being written wait and go together in the next batch (at most `maxBatch`), so an
 * idle system writes each item at once (no timer, no added latency) and a loaded one pays the
 * round trips and the commit once per batch instead of once per item.
 *
 * If a batch fails, each of its items is written again on its own: one bad item fails only its
 * own caller, and an outage fails every caller.
 *
 * Our own because the libraries we looked at batch by event-loop tick (DataLoader) or by a timer
 * (most "batcher" packages): under load, requests arrive over many ticks, and a timer adds latency
 * when idle. What fills a batch here is the commit that is in flight.
 */
export interface GroupCommitOptions {
  /** Most items per batch. */
  maxBatch: number;
  /** Batches written at once (each holds one database connection while it runs). */
  concurrency: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private waiting: Array<Waiting<T, R>> = [];
  private running = 0;

  /** `write` answers one result per item, in the items' order. */
  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Array<Waiting<T, R>>): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error('group commit: one result per item expected');
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      await Promise.all(batch.map((w) => this.run([w])));
    }
  }
}
