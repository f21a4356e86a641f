import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** One limit: `points` actions per key in `durationSeconds`; over it, the key waits `blockSeconds`. */
export interface LimitRule {
  /** Key prefix in the table, unique per limit (e.g. `acct`, `reset-ip`). */
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
  /** 0 (default): the key opens again when its window ends. */
  readonly blockSeconds?: number;
}

/** A limit was used up: the action must not happen (the other limits were given their point back). */
export class Throttled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`throttled for ${retryAfterSeconds} s`);
    this.name = 'Throttled';
  }
}

/** The points a `take` counted, to give back when the action turns out not to count (a good log-in). */
export interface ThrottleTicket {
  giveBack(): Promise<void>;
}

export class Limit {
  constructor(
    readonly rule: LimitRule,
    private readonly limiter: RateLimiterPostgres,
  ) {}

  /** Takes one point for `key` in one statement, or rejects with the limiter's RateLimiterRes. */
  consume(key: string): Promise<RateLimiterRes> {
    return this.limiter.consume(key);
  }

  async giveBack(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async clear(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/**
 * Every throttle of the app's forms (log-in, password reset, sign-up) in one Postgres table
 * (`login_throttle`, rate-limiter-flexible's schema, on the app's pool), so every process shares
 * the counters. A point is taken atomically *before* the work it guards (an upsert that returns
 * the new count), so N concurrent requests can never all pass a check made before any of them
 * counted: at most `points` get through per window, however they race.
 */
@Injectable()
export class ThrottleStore {
  private readonly pool: object;
  private sweeping = false;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as object;
  }

  limit(rule: LimitRule): Limit {
    // One limiter per table is enough to sweep expired rows now and then.
    const clearExpiredByTimeout = !this.sweeping;
    this.sweeping = true;
    const limiter = new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pool',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout,
      keyPrefix: rule.name,
      points: rule.points,
      duration: rule.durationSeconds,
      blockDuration: rule.blockSeconds ?? 0,
    });
    return new Limit(rule, limiter);
  }
}

/**
 * Takes one point from each limit, in order. If one refuses, the points already taken are given
 * back (the action did not happen) and Throttled says how long to wait. Put the narrowest key
 * first (the account before the IP), so hammering one blocked account does not also use up its
 * IP's allowance.
 */
export async function take(...checks: Array<[Limit, string]>): Promise<ThrottleTicket> {
  const taken: Array<[Limit, string]> = [];
  for (const [limit, key] of checks) {
    try {
      await limit.consume(key);
      taken.push([limit, key]);
    } catch (err) {
      await Promise.all(taken.map(([l, k]) => l.giveBack(k)));
      if (err instanceof RateLimiterRes) throw new Throttled(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
      throw err;
    }
  }
  return {
    giveBack: async () => {
      await Promise.all(taken.map(([l, k]) => l.giveBack(k)));
    },
  };
}
