import { Inject, Injectable } from '@nestjs/common';
import type { SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { defineJob, JobQueue, type JobDefinition } from '../jobs/job-queue.js';

export interface StripeEventJobData {
  eventId: string;
}

/**
 * The `stripe-event` job: one per stored event (and per replay). pg-boss retries it with
 * exponential backoff; the inbox row's own attempt counter decides when the event is dead, so
 * pg-boss is given a little more room than WEBHOOK_MAX_ATTEMPTS.
 */
@Injectable()
export class StripeEventQueue {
  readonly job: JobDefinition<StripeEventJobData>;
  private readonly retry: Pick<SendOptions, 'retryLimit' | 'retryDelay' | 'retryBackoff' | 'retryDelayMax'>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly queue: JobQueue,
  ) {
    this.retry = {
      retryLimit: config.webhooks.maxAttempts,
      retryDelay: config.webhooks.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: config.webhooks.retryDelayMaxSeconds,
    };
    this.job = defineJob<StripeEventJobData>('stripe-event', this.retry);
  }

  /** Enqueues inside `manager`'s transaction, so the job exists if and only if the caller commits. */
  async enqueue(eventId: string, manager: EntityManager): Promise<void> {
    // The queue's options are fixed when pg-boss first creates it; per-job options follow config.
    await this.queue.send(this.job, { eventId }, { manager, ...this.retry });
  }

  /** The bulk form of `enqueue`: one statement for many events, in `manager`'s transaction. */
  async enqueueMany(eventIds: string[], manager: EntityManager): Promise<void> {
    await this.queue.sendMany(
      this.job,
      eventIds.map((eventId) => ({ eventId })),
      { manager, ...this.retry },
    );
  }

  /**
   * Events come in fetched batches of up to 50, claimed, applied and settled a batch at a time;
   * two batches at a time per process. Measured with `npm run bench -- --events=20000` on 2
   * cores, pg-boss's fetch took ~6 ms a call once 20,000 jobs waited: batches of 10 left
   * processing 20 s behind the intake, batches of 50 kept it ~1 s behind; four batches
   * at a time drained sooner but took enough CPU to slow the intake by a fifth, and Stripe waits
   * on the intake. More throughput: more `npm run worker` processes.
   */
  workBatch(handler: (events: StripeEventJobData[]) => Promise<unknown[]>): Promise<void> {
    return this.queue.workBatch(this.job, (jobs) => handler(jobs.map((j) => j.data)), {
      concurrency: 2,
      batchSize: 50,
    });
  }
}
