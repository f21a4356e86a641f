import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { SecondFactorThrottled } from './two-factor.errors.js';

/**
 * Attempts at a second factor (log-in's second step, confirming enrolment, turning 2FA off),
 * counted like the password: per account, 10 in 15 minutes then blocked 15 minutes; per IP, 100.
 * The point is taken in one statement BEFORE the code is checked and given back when it was
 * right, so N concurrent guesses cannot all be checked: at most 10 per account per window.
 * Same table as the log-in throttle (`login_throttle`), own key prefixes.
 */
export const SECOND_STEP_THROTTLE = {
  account: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  ip: { points: 100, duration: 15 * 60, blockDuration: 15 * 60 },
} as const;

export interface ThrottleTicket {
  giveBack(): Promise<void>;
}

@Injectable()
export class SecondStepThrottle {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byIp: RateLimiterPostgres;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const pool = (dataSource.driver as PostgresDriver).master as object;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
    };
    this.byAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: '2fa-acct',
      ...SECOND_STEP_THROTTLE.account,
    });
    this.byIp = new RateLimiterPostgres({ ...common, keyPrefix: '2fa-ip', ...SECOND_STEP_THROTTLE.ip });
  }

  /** Counts one attempt for the account, then the IP; throws SecondFactorThrottled when either is used up. */
  async attempt(userId: string, ip: string): Promise<ThrottleTicket> {
    const taken: Array<[RateLimiterPostgres, string]> = [];
    for (const [limiter, key] of [
      [this.byAccount, userId],
      [this.byIp, ip],
    ] as const) {
      try {
        await limiter.consume(key);
        taken.push([limiter, key]);
      } catch (err) {
        await Promise.all(taken.map(([l, k]) => l.reward(k, 1)));
        if (err instanceof RateLimiterRes)
          throw new SecondFactorThrottled(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
        throw err;
      }
    }
    return {
      giveBack: async () => {
        await Promise.all(taken.map(([l, k]) => l.reward(k, 1)));
      },
    };
  }
}
