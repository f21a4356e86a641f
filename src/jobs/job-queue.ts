import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { PgBoss, type Job, type JobInsert, type JobResult, type Queue, type SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { DATABASE_URL } from '../database/database.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/** A job's name and the shape of its data, declared once by the module that owns it. */
export interface JobDefinition<T extends object> {
  readonly name: string;
  readonly queue?: Omit<Queue, 'name'>;
  /** Phantom field: carries T for type inference only. */
  readonly _data?: T;
}

export function defineJob<T extends object>(name: string, queue?: Omit<Queue, 'name'>): JobDefinition<T> {
  return { name, queue };
}

export interface WorkerOptions {
  /** How many of this queue's jobs this process runs at once. */
  concurrency?: number;
  pollingIntervalSeconds?: number;
  /** Jobs fetched per poll (default 10); a full batch triggers the next fetch at once. */
  batchSize?: number;
}

type Handler<T> = (data: T, job: Job<T>) => Promise<void>;
/**
 * Takes a whole fetched batch, for handlers that share work across it (one claim statement for
 * the batch); answers, per job and in order, `undefined` (done) or the error that failed it.
 */
export type BatchHandler<T> = (jobs: Job<T>[]) => Promise<unknown[]>;

/**
 * The app's one job queue: pg-boss on the app's Postgres (schema `pgboss`, managed by pg-boss).
 * Modules declare jobs with `defineJob`, enqueue with `send` (optionally inside a TypeORM
 * transaction, so a row and its job commit together) and register handlers with `work`.
 * Handlers run only in processes that call `startWorkers()` (the app and `npm run worker`).
 */
@Injectable()
export class JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly handlers = new Map<
    string,
    { def: JobDefinition<object>; handler: BatchHandler<object>; options: WorkerOptions }
  >();
  private started: Promise<void> | undefined;
  private readonly createdQueues = new Set<string>();
  private readonly schedules = new Map<string, { def: JobDefinition<object>; cron: string; data: object }>();
  private working = false;

  constructor(
    @Inject(DATABASE_URL) url: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      application_name: 'comptoir-jobs',
      max: 4,
    });
    this.boss.on('error', (err: unknown) => this.logger.error({ err }, 'job queue error'));
  }

  start(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  async send<T extends object>(
    def: JobDefinition<T>,
    data: T,
    options: SendOptions & { manager?: EntityManager } = {},
  ): Promise<string | null> {
    await this.ensureQueue(def);
    const { manager, ...sendOptions } = options;
    return this.boss.send(def.name, data, {
      ...sendOptions,
      ...(manager ? { db: executorOf(manager) } : {}),
    });
  }

  /**
   * Enqueues one job per item in one statement (pg-boss `insert`), inside `manager`'s transaction
   * when given: the bulk path for callers that write many rows at once.
   */
  async sendMany<T extends object>(
    def: JobDefinition<T>,
    items: T[],
    options: Omit<JobInsert, 'id' | 'data'> & { manager?: EntityManager } = {},
  ): Promise<void> {
    if (!items.length) return;
    await this.ensureQueue(def);
    const { manager, ...jobOptions } = options;
    await this.boss.insert(
      def.name,
      items.map((data) => ({ ...jobOptions, data })),
      manager ? { db: executorOf(manager) } : {},
    );
  }

  /** Registers a handler; it starts taking jobs when `startWorkers()` runs (or now, if it has). */
  async work<T extends object>(
    def: JobDefinition<T>,
    handler: Handler<T>,
    options: WorkerOptions = {},
  ): Promise<void> {
    const each = handler as Handler<object>;
    await this.workBatch(
      def,
      async (jobs) => {
        const errors: unknown[] = [];
        for (const job of jobs) {
          errors.push(
            await each(job.data, job).then(
              () => undefined,
              (err: unknown) => err ?? 'failed',
            ),
          );
        }
        return errors;
      },
      options,
    );
  }

  /** Like `work`, with the whole fetched batch handed to one call (see BatchHandler). */
  async workBatch<T extends object>(
    def: JobDefinition<T>,
    handler: BatchHandler<T>,
    options: WorkerOptions = {},
  ): Promise<void> {
    this.handlers.set(def.name, { def, handler: handler as BatchHandler<object>, options });
    if (this.working) await this.subscribe(def.name);
  }

  /**
   * Runs `def` on a cron schedule (pg-boss keeps one schedule per name in the database, so many
   * processes registering it still make one job per tick). Applied when workers start, so
   * processes without workers (tests, CLIs) schedule nothing.
   */
  async schedule<T extends object>(def: JobDefinition<T>, cron: string, data: T): Promise<void> {
    this.schedules.set(def.name, { def, cron, data });
    if (this.working) await this.applySchedule(def.name);
  }

  async startWorkers(): Promise<void> {
    await this.start();
    this.working = true;
    for (const name of this.handlers.keys()) await this.subscribe(name);
    for (const name of this.schedules.keys()) await this.applySchedule(name);
  }

  private async applySchedule(name: string): Promise<void> {
    const entry = this.schedules.get(name)!;
    await this.ensureQueue(entry.def);
    await this.boss.schedule(name, entry.cron, entry.data);
  }

  private async subscribe(name: string): Promise<void> {
    const entry = this.handlers.get(name)!;
    await this.ensureQueue(entry.def);
    await this.boss.work<object>(
      name,
      {
        localConcurrency: entry.options.concurrency ?? 2,
        pollingIntervalSeconds: entry.options.pollingIntervalSeconds ?? 0.5,
        // Fetch a batch and, while batches come back full (a backlog), fetch again without
        // waiting for the poll interval: one job per poll capped a worker at 2 jobs/s.
        batchSize: entry.options.batchSize ?? 10,
        burstWhenBatchFull: true,
        // Each job of a batch succeeds or fails (and is retried) on its own.
        perJobResults: true,
      },
      async (jobs: Job<object>[]): Promise<JobResult[]> => {
        let errors: unknown[];
        try {
          errors = await entry.handler(jobs);
        } catch (err) {
          errors = jobs.map(() => err ?? 'failed');
        }
        return jobs.map((job, i) => {
          const err = errors[i];
          if (err === undefined) return { id: job.id, status: 'completed' };
          this.logger.warn({ err, job: job.id, queue: name }, 'job failed');
          const message = err instanceof Error ? err.message : JSON.stringify(err);
          return { id: job.id, status: 'failed', output: { message } };
        });
      },
    );
  }

  private async ensureQueue(def: JobDefinition<object>): Promise<void> {
    if (this.createdQueues.has(def.name)) return;
    await this.start();
    if (!(await this.boss.getQueue(def.name))) {
      try {
        await this.boss.createQueue(def.name, def.queue ?? {});
      } catch (err) {
        // Another process created it between our check and our create.
        if (!(await this.boss.getQueue(def.name))) throw err;
      }
    }
    this.createdQueues.add(def.name);
  }

  /** The underlying pg-boss, for tests and admin tooling (job states, counts). */
  get raw(): PgBoss {
    return this.boss;
  }

  /**
   * Stops before the app's pools close (beforeApplicationShutdown runs ahead of every
   * onApplicationShutdown, TypeORM's included), and fully: no more fetching, running handlers get
   * SHUTDOWN_TIMEOUT_MS to finish (they may still use the app's pool), jobs still running then
   * are failed (released for a retry), and pg-boss's own pool is closed when this resolves, so
   * nothing of the queue is left to meet a stopping PostgreSQL.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, close: true, timeout: this.config.shutdown.timeoutMs });
  }
}

/** pg-boss runs its SQL through the caller's TypeORM transaction. */
function executorOf(manager: EntityManager) {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({
      rows: await manager.query<unknown[]>(text, values),
    }),
  };
}
