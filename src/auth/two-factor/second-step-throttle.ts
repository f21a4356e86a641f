import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { take, Throttled, ThrottleStore, type Limit, type ThrottleTicket } from '../throttle.js';
import { SecondFactorThrottled } from './two-factor.errors.js';

const FIFTEEN_MINUTES = 15 * 60;

/**
 * Attempts at a second factor (the log-in's second step, confirming enrolment, turning 2FA off),
 * throttled like the password (AuthThrottles.loginAttempt), through the same ThrottleStore and
 * with the same limits, under their own keys: per account (user id) `loginPerAccount` (10) in
 * 15 minutes, then blocked 15 minutes; per IP `loginPerIp` (100). The point is taken atomically
 * BEFORE the code is checked and given back when it was right, so N concurrent guesses cannot
 * all be checked.
 */
@Injectable()
export class SecondStepThrottle {
  private readonly account: Limit;
  private readonly ip: Limit;

  constructor(store: ThrottleStore, @Inject(APP_CONFIG) config: AppConfig) {
    const window = { durationSeconds: FIFTEEN_MINUTES, blockSeconds: FIFTEEN_MINUTES };
    this.account = store.limit({ name: '2fa-acct', points: config.throttle.loginPerAccount, ...window });
    this.ip = store.limit({ name: '2fa-ip', points: config.throttle.loginPerIp, ...window });
  }

  /** Counts one attempt; throws SecondFactorThrottled when the account's or the IP's allowance is used up. */
  async attempt(userId: string, ip: string): Promise<ThrottleTicket> {
    try {
      return await take([this.account, userId], [this.ip, ip]);
    } catch (err) {
      if (err instanceof Throttled) throw new SecondFactorThrottled(err.retryAfterSeconds);
      throw err;
    }
  }
}
