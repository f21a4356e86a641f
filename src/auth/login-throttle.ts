import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { LoginThrottled } from './auth.errors.js';

/**
 * Failed log-ins are counted in Postgres (`login_throttle`, through rate-limiter-flexible on the
 * app's pool), so every process shares the counters. Per account: 10 failures in 15 minutes
 * block that email for 15 minutes (from any IP), then it opens again on its own, and a
 * successful password reset clears it: an attacker can slow the owner down, never lock them
 * out for good. Per IP: 100 failures in 15 minutes block the IP for 15 minutes, whatever email.
 */
export const THROTTLE = {
  account: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  ip: { points: 100, duration: 15 * 60, blockDuration: 15 * 60 },
} as const;

@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byIp: RateLimiterPostgres;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const pool = (dataSource.driver as PostgresDriver).master as object;
    const common = { storeClient: pool, storeType: 'pool', tableName: 'login_throttle', tableCreated: true };
    this.byAccount = new RateLimiterPostgres({ ...common, keyPrefix: 'acct', ...THROTTLE.account });
    this.byIp = new RateLimiterPostgres({ ...common, keyPrefix: 'ip', ...THROTTLE.ip });
  }

  /** Throws LoginThrottled when the account or the IP is currently blocked. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    const blocked = [
      [account, THROTTLE.account.points],
      [address, THROTTLE.ip.points],
    ].filter(([res, points]) => res && (res as RateLimiterRes).consumedPoints >= (points as number));
    if (blocked.length) {
      const wait = Math.max(...blocked.map(([res]) => (res as RateLimiterRes).msBeforeNext));
      throw new LoginThrottled(Math.ceil(wait / 1000));
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([swallowLimit(this.byAccount.consume(email)), swallowLimit(this.byIp.consume(ip))]);
  }

  async clearAccount(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}

/** `consume` rejects with a RateLimiterRes once over the limit: that is the block, not an error. */
async function swallowLimit(p: Promise<RateLimiterRes>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
  }
}
