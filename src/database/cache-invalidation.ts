import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { DATABASE_URL } from './database.tokens.js';

/** The one PostgreSQL channel every process listens on; payloads say which cache and which key. */
const CHANNEL = 'comptoir_cache';
/** How the listening connection shows in `pg_stat_activity`. */
export const CACHE_LISTENER_APP_NAME = 'comptoir-cache-listener';
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/** What a per-process cache does when told (by any process, this one included). */
export interface CacheSubscriber {
  /** `key` changed somewhere: forget it. */
  invalidate(key: string): void;
  /** Notifications may have been missed (the listening connection was lost): forget everything. */
  reset(): void;
}

/**
 * Per-process caches agreeing across processes: a change is published with PostgreSQL NOTIFY and
 * every process (one LISTEN connection each, outside the pools) drops the key. Published inside a
 * transaction, the notification goes out at its commit, never before, and not at all on rollback.
 * A lost listening connection is re-opened with backoff, and each (re)subscription resets every
 * cache, as what was published meanwhile is gone; the caches' TTL stays as a safety net while
 * the database is out of reach.
 */
@Injectable()
export class CacheInvalidation implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidation.name);
  private readonly subscribers = new Map<string, CacheSubscriber[]>();
  private client: pg.Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RECONNECT_FIRST_MS;
  private stopped = false;

  constructor(
    @Inject(DATABASE_URL) private readonly url: string,
    private readonly dataSource: DataSource,
  ) {}

  subscribe(topic: string, subscriber: CacheSubscriber): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), subscriber]);
  }

  /** Tells every process that `topic`'s `key` changed; with `manager`, when its transaction commits. */
  async publish(topic: string, key: string, manager?: EntityManager): Promise<void> {
    const payload = JSON.stringify({ topic, key });
    await (manager ?? this.dataSource.manager).query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  /** The backend pid of the listening connection (null while reconnecting), for tests and probes. */
  get listenerPid(): number | null {
    return (this.client as { processID?: number } | undefined)?.processID ?? null;
  }

  async onModuleInit(): Promise<void> {
    // The first connection is awaited, so a process serves nothing before it listens.
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: CACHE_LISTENER_APP_NAME });
    let gone = false;
    const lost = (err?: unknown) => {
      if (gone) return;
      gone = true;
      if (this.client === client) this.client = undefined;
      if (this.stopped) return;
      this.logger.warn({ err }, 'cache invalidation connection lost; reconnecting');
      client.end().catch(() => undefined);
      this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (msg) => this.deliver(msg.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      lost(err);
      return;
    }
    if (gone || this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_FIRST_MS;
    for (const list of this.subscribers.values()) for (const s of list) s.reset();
  }

  private deliver(payload: string | undefined): void {
    let message: { topic?: unknown; key?: unknown };
    try {
      message = JSON.parse(payload ?? '') as typeof message;
    } catch {
      return;
    }
    if (typeof message.topic !== 'string' || typeof message.key !== 'string') return;
    for (const s of this.subscribers.get(message.topic) ?? []) s.invalidate(message.key);
  }
}
