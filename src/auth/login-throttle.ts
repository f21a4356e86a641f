import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { LoginThrottled, SignUpThrottled } from './auth.errors.js';
import { take, Throttled, ThrottleStore, type Limit, type ThrottleTicket } from './throttle.js';

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;

/**
 * The limits of the account forms, all through ThrottleStore (Postgres, shared by every process).
 *
 * - Log-in: each attempt takes a point per account (email) and per IP *before* the password is
 *   checked; a successful log-in gives its points back, so only failures add up. Per account:
 *   `loginPerAccount` (10) in 15 minutes, then that email is refused for 15 minutes from any IP
 *   and opens again on its own (a successful password reset opens it at once): an attacker can
 *   slow the owner down, never lock them out for good. Per IP: `loginPerIp` (100) in 15 minutes.
 * - Password reset: `resetPerEmail` (3) per address and `resetPerIp` (20) per IP in an hour.
 * - Sign-up: `signupPerIp` (5) per IP in an hour (each costs an argon2id hash).
 */
@Injectable()
export class AuthThrottles {
  private readonly loginAccount: Limit;
  private readonly loginIp: Limit;
  private readonly resetEmail: Limit;
  private readonly resetIp: Limit;
  private readonly signupIp: Limit;

  constructor(store: ThrottleStore, @Inject(APP_CONFIG) config: AppConfig) {
    const t = config.throttle;
    const login = { durationSeconds: FIFTEEN_MINUTES, blockSeconds: FIFTEEN_MINUTES };
    this.loginAccount = store.limit({ name: 'acct', points: t.loginPerAccount, ...login });
    this.loginIp = store.limit({ name: 'ip', points: t.loginPerIp, ...login });
    this.resetEmail = store.limit({
      name: 'reset-email',
      points: t.resetPerEmail,
      durationSeconds: ONE_HOUR,
    });
    this.resetIp = store.limit({ name: 'reset-ip', points: t.resetPerIp, durationSeconds: ONE_HOUR });
    this.signupIp = store.limit({ name: 'signup-ip', points: t.signupPerIp, durationSeconds: ONE_HOUR });
  }

  /** Counts a log-in attempt; throws LoginThrottled when a limit is used up. */
  async loginAttempt(email: string, ip: string): Promise<ThrottleTicket> {
    return asDomainError(take([this.loginAccount, email], [this.loginIp, ip]), LoginThrottled);
  }

  /** Opens the account again (after a password reset). */
  async clearAccount(email: string): Promise<void> {
    await this.loginAccount.clear(email);
  }

  /** Counts a reset request; false when a limit is used up (the caller then does nothing). */
  async resetRequest(email: string, ip: string): Promise<boolean> {
    try {
      await take([this.resetEmail, email], [this.resetIp, ip]);
      return true;
    } catch (err) {
      if (err instanceof Throttled) return false;
      throw err;
    }
  }

  /** Counts a sign-up; throws SignUpThrottled when the IP's allowance is used up. */
  async signUp(ip: string): Promise<ThrottleTicket> {
    return asDomainError(take([this.signupIp, ip]), SignUpThrottled);
  }
}

async function asDomainError(
  ticket: Promise<ThrottleTicket>,
  DomainErr: new (retryAfterSeconds: number) => Error,
): Promise<ThrottleTicket> {
  try {
    return await ticket;
  } catch (err) {
    if (err instanceof Throttled) throw new DomainErr(err.retryAfterSeconds);
    throw err;
  }
}
