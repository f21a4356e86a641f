import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Repository } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { toAuthUser, type AuthUser } from '../auth-user.js';
import { User } from '../entities/user.entity.js';
import { SessionService } from '../http-session.js';

/** How long a password stays "accepted, waiting for the second factor". */
export const SECOND_STEP_TTL_MS = 10 * 60_000;

declare module 'express-session' {
  interface SessionData {
    /**
     * Password accepted, second factor pending. Such a session is NOT logged in: passport.user
     * is unset, so req.user is undefined and every guard that needs a user refuses it; only the
     * second step page reads this.
     */
    secondFactor?: { userId: string; startedAt: number; next: string };
    /**
     * Set at log-in and kept current by enrolment and disabling: 'on' = this session passed a
     * second factor. The admin policy and banner read it, so no query is needed per request.
     * Absent = 'off' (sessions from before 2FA existed, or a user without it).
     */
    twoFactor?: 'on' | 'off';
  }
}

/** The session side of the two-step log-in (the codes themselves are TwoFactorService's). */
@Injectable()
export class SecondStepSession {
  constructor(
    private readonly sessions: SessionService,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
  ) {}

  /** After the password: a fresh session id holding only the pending state (no fixation). */
  async begin(req: Request, user: AuthUser, next: string): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((err) => (err ? reject(toError(err)) : resolve())),
    );
    req.session.secondFactor = { userId: user.id, startedAt: this.clock.now().getTime(), next };
    await new Promise<void>((resolve, reject) =>
      req.session.save((err) => (err ? reject(toError(err)) : resolve())),
    );
  }

  /** The pending log-in of this session, unless it is too old (then it is forgotten). */
  pending(req: Request): { userId: string; next: string; startedAt: number } | null {
    const p = req.session?.secondFactor;
    if (!p) return null;
    if (this.clock.now().getTime() - p.startedAt > SECOND_STEP_TTL_MS) {
      delete req.session.secondFactor;
      return null;
    }
    return p;
  }

  cancel(req: Request): void {
    if (req.session) delete req.session.secondFactor;
  }

  /**
   * Second factor accepted: the real log-in (new session id, passport.user), marked 'on'. Null
   * when the account was disabled, or its password changed, since the password was typed.
   */
  async complete(req: Request, pending: { userId: string; startedAt: number }): Promise<AuthUser | null> {
    const row = await this.users.findOne({ where: { id: pending.userId } });
    this.cancel(req);
    if (
      !row ||
      row.disabledAt ||
      (row.passwordChangedAt && row.passwordChangedAt.getTime() > pending.startedAt)
    )
      return null;
    const user = toAuthUser(row);
    await this.sessions.logIn(req, user);
    // express-session saves this change when the response ends.
    req.session.twoFactor = 'on';
    return user;
  }

  /** Enrolment or disabling in this session: its state follows at once. */
  mark(req: Request, state: 'on' | 'off'): void {
    req.session.twoFactor = state;
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
