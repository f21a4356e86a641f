import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { StripeEventStatus } from './entities/stripe-event.entity.js';
import { StripeEventQueue } from './stripe-event.queue.js';
import { EventAccountMismatch, type StripeEventContext } from './stripe-event-handler.decorator.js';
import { StripeEventHandlerRegistry } from './stripe-event-handler.registry.js';

/** What one run of the job did; `skipped` when the event was already settled. */
export type ProcessOutcome = StripeEventStatus | 'skipped';

const MAX_ERROR_LENGTH = 4000;

/**
 * Applies stored events, exactly once each:
 * 1. claim: `received | failed | processing` → `processing`, attempts + 1 (committed, so a
 *    process that dies mid-way still uses up an attempt and a crash loop ends in `dead`); the
 *    worker claims each fetched batch of jobs in one statement;
 * 2. in ONE transaction: lock the row (FOR UPDATE), check it is still ours, run the guards and
 *    the handlers, mark it `processed`. Effects and status commit together, so a second
 *    process, a duplicate job or a replay finds `processed` and does nothing;
 * 3. on error, the transaction rolls back; the row becomes `failed` (pg-boss retries with
 *    backoff) or `dead` after WEBHOOK_MAX_ATTEMPTS; an EventAccountMismatch quarantines it.
 * Order is not guaranteed by Stripe, nor here: handlers compare states, not arrival order.
 */
@Injectable()
export class StripeEventProcessor implements OnModuleInit {
  private readonly logger = new Logger(StripeEventProcessor.name);
  private readonly expectedLivemode: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly queue: StripeEventQueue,
    private readonly registry: StripeEventHandlerRegistry,
  ) {
    this.expectedLivemode = config.stripe.mode === 'live';
  }

  async onModuleInit(): Promise<void> {
    // Registered in every process; it takes jobs where startWorkers() runs (app and worker).
    await this.queue.workBatch((events) => this.processBatch(events.map((e) => e.eventId)));
  }

  async process(eventId: string): Promise<ProcessOutcome> {
    const attempts = await this.claim([eventId]);
    return this.processClaimed(eventId, attempts.get(eventId));
  }

  /**
   * A fetched batch: one statement claims them all, then they are applied together in one
   * transaction (one BEGIN/COMMIT for the batch). If anything in it fails, it rolls back
   * whole and each event is applied again in its own transaction, so one event's failure, retry
   * or quarantine is its own. Handlers write only through `ctx.manager`, so a rolled-back run
   * leaves nothing behind. Answers each job's error, if any.
   */
  private async processBatch(eventIds: string[]): Promise<unknown[]> {
    const attempts = await this.claim(eventIds);
    const claimed = [...attempts.keys()];
    if (claimed.length > 1) {
      const startedAt = new Date();
      const together = await this.db
        .transaction((manager) => this.apply(manager, claimed, attempts, startedAt))
        .then(
          () => true,
          (err: unknown) => {
            this.logger.debug({ err, events: claimed.length }, 'batch rolled back; one event at a time');
            return false;
          },
        );
      if (together) return eventIds.map(() => undefined);
    }
    const errors: unknown[] = [];
    for (const id of eventIds) {
      errors.push(
        await this.processClaimed(id, attempts.get(id)).then(
          () => undefined,
          (err: unknown) => err,
        ),
      );
    }
    return errors;
  }

  private async processClaimed(eventId: string, attempt: number | undefined): Promise<ProcessOutcome> {
    if (attempt === undefined) return 'skipped';
    const startedAt = new Date();
    try {
      const outcomes = await this.db.transaction((manager) =>
        this.apply(manager, [eventId], new Map([[eventId, attempt]]), startedAt),
      );
      return outcomes.get(eventId) ?? 'skipped';
    } catch (err) {
      if (err instanceof EventAccountMismatch) return this.quarantine(eventId, attempt, startedAt, err);
      return this.recordFailure(eventId, attempt, startedAt, err);
    }
  }

  /** Claims the events still to process (committed at once); answers their attempt numbers. */
  private async claim(eventIds: string[]): Promise<Map<string, number>> {
    const [rows] = await this.db.query<[Array<{ id: string; attempts: number }>, number]>(
      `UPDATE stripe_event SET status = 'processing', attempts = attempts + 1
       WHERE id = ANY($1) AND status IN ('received', 'failed', 'processing')
       RETURNING id, attempts`,
      [eventIds],
    );
    return new Map(rows.map((r) => [r.id, r.attempts]));
  }

  /**
   * Applies claimed events in `manager`'s transaction: locks their rows (in id order), runs the
   * guards and handlers of each still `processing`, then settles them all in one statement.
   * Answers the status each one got; an event settled meanwhile by another job is left out.
   */
  private async apply(
    manager: EntityManager,
    eventIds: string[],
    attempts: Map<string, number>,
    startedAt: Date,
  ): Promise<Map<string, StripeEventStatus>> {
    const settled: Settlement[] = [];
    for (const row of await lockRows(manager, eventIds)) {
      // Another job (a replay, a second process) settled it while we waited for the lock.
      if (row.status !== 'processing') continue;
      const attempt = attempts.get(row.id)!;
      const { status, reason } = await this.run(manager, row.payload as Stripe.Event, attempt);
      settled.push({ eventId: row.id, attempt, status, reason, lastError: null });
    }
    await this.settle(manager, settled, startedAt);
    return new Map(settled.map((x) => [x.eventId, x.status]));
  }

  /** Decides what an event is (ignored, or processed by its handlers) and runs the handlers. */
  private async run(
    manager: EntityManager,
    event: Stripe.Event,
    attempt: number,
  ): Promise<{ status: StripeEventStatus; reason: string | null }> {
    const handlers = this.registry.handlersFor(event.type);
    if (event.livemode !== this.expectedLivemode) {
      this.logger.warn(
        { eventId: event.id, type: event.type, livemode: event.livemode },
        'stripe event ignored: livemode',
      );
      return {
        status: 'ignored',
        reason: `livemode ${String(event.livemode)} while the app runs in ${this.config.stripe.mode} mode`,
      };
    }
    if (!handlers.length) return { status: 'ignored', reason: `no handler for ${event.type}` };
    const ctx = this.context(manager, event, attempt);
    for (const handler of handlers) await handler.fn(event, ctx);
    return { status: 'processed', reason: null };
  }

  private context(manager: EntityManager, event: Stripe.Event, attempt: number): StripeEventContext {
    return {
      manager,
      eventId: event.id,
      account: event.account ?? null,
      attempt,
      once: async (objectId, effect) => {
        const rows = await manager.query<unknown[]>(
          `INSERT INTO stripe_object_effect (object_id, effect, event_id) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING object_id`,
          [objectId, effect, event.id],
        );
        return rows.length > 0;
      },
      isNewest: async (objectId) => {
        const rows = await manager.query<unknown[]>(
          `INSERT INTO stripe_object_version (object_id, event_created, event_id) VALUES ($1, to_timestamp($2), $3)
           ON CONFLICT (object_id) DO UPDATE
             SET event_created = EXCLUDED.event_created, event_id = EXCLUDED.event_id, updated_at = now()
             WHERE stripe_object_version.event_created <= EXCLUDED.event_created
           RETURNING object_id`,
          [objectId, event.created, event.id],
        );
        return rows.length > 0;
      },
    };
  }

  private async quarantine(
    eventId: string,
    attempt: number,
    startedAt: Date,
    mismatch: EventAccountMismatch,
  ): Promise<ProcessOutcome> {
    this.logger.warn({ eventId, mismatch: mismatch.message }, 'stripe event quarantined');
    return this.db.transaction(async (manager) => {
      const [row] = await lockRows(manager, [eventId]);
      if (row?.status !== 'processing') return 'skipped';
      await this.settle(
        manager,
        [{ eventId, attempt, status: 'quarantined', reason: mismatch.message, lastError: null }],
        startedAt,
      );
      const flag = this.registry.flagFor(mismatch.objectType);
      if (flag) await flag(mismatch, row.payload as Stripe.Event, manager);
      else this.logger.warn({ objectType: mismatch.objectType }, 'no quarantine flag registered');
      return 'quarantined';
    });
  }

  /** Marks the attempt failed (and rethrows, so pg-boss retries) or dead (and returns). */
  private async recordFailure(
    eventId: string,
    attempt: number,
    startedAt: Date,
    err: unknown,
  ): Promise<ProcessOutcome> {
    const message = (err instanceof Error ? (err.stack ?? err.message) : String(err)).slice(
      0,
      MAX_ERROR_LENGTH,
    );
    const dead = attempt >= this.config.webhooks.maxAttempts;
    const status: StripeEventStatus = dead ? 'dead' : 'failed';
    await this.db.transaction(async (manager) => {
      const [row] = await lockRows(manager, [eventId]);
      if (row?.status !== 'processing') return;
      await this.settle(manager, [{ eventId, attempt, status, lastError: message }], startedAt);
    });
    if (dead) {
      this.logger.error({ eventId, attempt, err }, 'stripe event dead after its last attempt');
      return 'dead';
    }
    this.logger.warn({ eventId, attempt, err }, 'stripe event failed; it will be retried');
    throw err;
  }

  /**
   * Status and the attempt's record of each event, in one statement for all of them: this runs
   * for every event, and one statement costs a fraction of an UPDATE + INSERT per event.
   * `reason` undefined keeps the row's reason; `lastError` null keeps its last error.
   */
  private async settle(manager: EntityManager, settled: Settlement[], startedAt: Date): Promise<void> {
    if (!settled.length) return;
    await manager.query(
      `WITH s AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::int[])
           AS s(id, status, set_reason, reason, error, attempt)),
       settled AS (
         UPDATE stripe_event e
            SET status = s.status,
                reason = CASE WHEN s.set_reason THEN s.reason ELSE e.reason END,
                last_error = coalesce(s.error, e.last_error),
                processed_at = CASE WHEN s.status = 'failed' THEN NULL ELSE now() END
           FROM s
          WHERE e.id = s.id
          RETURNING e.id, s.status, s.error, s.attempt)
       INSERT INTO stripe_event_attempt (event_id, attempt, outcome, error, started_at)
       SELECT id, attempt, status, error, $7 FROM settled`,
      [
        settled.map((x) => x.eventId),
        settled.map((x) => x.status),
        settled.map((x) => x.reason !== undefined),
        settled.map((x) => x.reason ?? null),
        settled.map((x) => x.lastError),
        settled.map((x) => x.attempt),
        startedAt,
      ],
    );
  }
}

interface Settlement {
  eventId: string;
  attempt: number;
  status: StripeEventStatus;
  reason?: string | null;
  lastError: string | null;
}

/**
 * Locks the events' rows for this transaction, in id order (so two processes with overlapping
 * batches cannot deadlock); only the columns processing needs.
 */
async function lockRows(
  manager: EntityManager,
  eventIds: string[],
): Promise<Array<{ id: string; status: StripeEventStatus; payload: unknown }>> {
  return manager.query(
    'SELECT id, status, payload FROM stripe_event WHERE id = ANY($1) ORDER BY id FOR UPDATE',
    [eventIds],
  );
}
