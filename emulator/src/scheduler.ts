import type { Clock } from './clock.js';
import { newId } from './ids.js';
import type { Store } from './store.js';

/** A task due at an emulator time (table `scheduled`, part of the saved state). */
interface ScheduledTask {
  id: string;
  at: number;
  kind: string;
  payload: Record<string, unknown>;
}

export type TaskHandler = (payload: Record<string, unknown>) => void;

/**
 * Work that Stripe does "a few seconds later" or "after three minutes" (SEPA debits settling,
 * refunds failing, disputes arriving), keyed to the emulator's clock: `/_emulator/clock/advance`
 * runs every task that became due, in due order, so tests never sleep; in normal running a real
 * timer (and the background tick) runs them when their time comes. Tasks are stored by kind +
 * payload, not as closures, so they survive a restart.
 */
export class Scheduler {
  private handlers = new Map<string, TaskHandler>();
  private running = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  close(): void {
    this.closed = true;
  }

  on(kind: string, handler: TaskHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Runs `kind` with `payload` once the clock reaches now + `delaySeconds`. */
  schedule(kind: string, delaySeconds: number, payload: Record<string, unknown>): void {
    const task: ScheduledTask = { id: newId('task', 12), at: this.clock.now() + delaySeconds, kind, payload };
    this.store.insert('scheduled', null, task.id, task);
    // +50 ms so that the clock's whole second has really passed when the timer fires.
    setTimeout(() => this.runDue(), delaySeconds * 1000 + 50).unref();
  }

  /** Runs every due task, oldest first, including tasks that running ones schedule as due. */
  runDue(): void {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      for (;;) {
        const now = this.clock.now();
        const due = this.store
          .list<ScheduledTask>('scheduled', null)
          .filter((t) => t.at <= now)
          .sort((a, b) => a.at - b.at);
        if (!due.length) return;
        const task = due[0];
        this.store.delete('scheduled', task.id);
        this.handlers.get(task.kind)?.(task.payload);
      }
    } finally {
      this.running = false;
    }
  }
}
