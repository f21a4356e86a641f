import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type SessionData } from 'express-session';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import type { AuthUser } from './auth-user.js';
import { SESSION_WITH_PRINCIPAL_SQL, type SessionPrincipal } from './session-principal.js';

const PGStore = connectPgSimple(session);
const TABLE = 'http_session';
/** How often a session's activity (`lastSeenAt`, and with it the row's expiry) is written. */
export const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

/** The user and shop read with a session row, kept off the session's own (saved) fields. */
const PRINCIPAL = Symbol('sessionPrincipal');
type LoadedSession = SessionData & { [PRINCIPAL]?: SessionPrincipal };

/**
 * connect-pg-simple's store, writing `user_id` next to each session so that all the sessions of
 * one user can be ended with one DELETE (see SessionService.destroyAllForUser), and reading the
 * session's user and their shop in the same statement as the session (`req.sessionPrincipal`,
 * used by the passport deserializer instead of a query of its own).
 */
class UserAwarePgStore extends PGStore {
  constructor(private readonly pool: Pool) {
    // No touch: with `rolling`, express-session calls store.touch (an UPDATE of the row's expiry)
    // on every request whose session did not change. The row is written only when the session
    // changes, which enforceTimeouts makes happen at most once a minute for activity.
    super({ pool, tableName: TABLE, createTableIfMissing: false, disableTouch: true });
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.pool
      // Named: prepared once per connection, so PostgreSQL stops planning it on every request.
      .query<{ sess: SessionData | string } & Partial<SessionPrincipal>>({
        name: 'session-with-principal',
        text: SESSION_WITH_PRINCIPAL_SQL,
        values: [sid],
      })
      .then(({ rows: [row] }) => {
        if (!row) return callback(null, null);
        let sess: LoadedSession;
        try {
          sess = typeof row.sess === 'string' ? (JSON.parse(row.sess) as SessionData) : row.sess;
        } catch {
          return this.destroy(sid, (err) => callback(err, null));
        }
        const { sess: _sess, ...principal } = row;
        // Not enumerable: express-session neither copies it into the session nor saves it.
        if (principal.id) Object.defineProperty(sess, PRINCIPAL, { value: principal, enumerable: false });
        callback(null, sess);
      }, callback);
  }

  override createSession(req: Request, sess: LoadedSession) {
    req.sessionPrincipal = sess[PRINCIPAL];
    return super.createSession(req, sess);
  }

  override set(sid: string, sess: SessionData, callback?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + 86_400_000);
    this.pool
      .query(
        `INSERT INTO "${TABLE}" (sid, sess, expire, user_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sid) DO UPDATE SET sess = $2, expire = $3, user_id = $4`,
        [sid, JSON.stringify(sess), expires, sess.passport?.user ?? null],
      )
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set when this request found its session past the idle or absolute timeout and ended it. */
    sessionEnded?: boolean;
  }
}

/**
 * Merchant and admin sessions: server-side rows in Postgres, a host-only cookie (no Domain, so
 * shop subdomains never receive it; `__Host-` prefixed over https so a subdomain cannot toss one
 * at the platform), HttpOnly, SameSite=Lax, Secure over https. The id is regenerated at log-in
 * and the row deleted at log-out. Idle and absolute timeouts are checked here against the
 * injected Clock, on top of the cookie's own expiry.
 *
 * Activity is recorded at most once a minute (ACTIVITY_WRITE_INTERVAL_MS), not on every request:
 * a busy dashboard would otherwise write (and flush WAL for) its session row per page. So the
 * idle timeout counts from the last recorded activity, which is at most a minute behind the last
 * request: an idle session ends on time or up to a minute early, never late.
 * Only platform-host requests ever run this middleware (see src/request-pipeline.ts).
 */
@Injectable()
export class SessionService implements OnApplicationShutdown {
  private readonly store: UserAwarePgStore;
  private readonly pool: Pool;
  readonly cookieName: string;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  /**
   * sid → when this process last decided to record its activity. Concurrent requests of one
   * session all load the same stale `lastSeenAt`; this lets only the first of them write.
   */
  private readonly activityWrites = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.store = new UserAwarePgStore(this.pool);
    this.cookieName = config.secureCookies ? '__Host-comptoir.sid' : 'comptoir.sid';
    this.idleMs = config.session.idleMinutes * 60_000;
    this.absoluteMs = config.session.absoluteHours * 3_600_000;
  }

  /** The platform host's chain: session, passport, timeouts, then the logged-in user. */
  middleware(passport: { initialize: RequestHandler; session: RequestHandler }): RequestHandler[] {
    const handlers: RequestHandler[] = [
      session({
        name: this.cookieName,
        secret: this.config.sessionSecret,
        store: this.store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        unset: 'destroy',
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: this.config.secureCookies,
          path: '/',
          maxAge: this.idleMs,
        },
      }),
      passport.initialize,
      this.enforceTimeouts,
      passport.session,
    ];
    return handlers;
  }

  private readonly enforceTimeouts = (req: Request, _res: Response, next: NextFunction): void => {
    const s = req.session;
    if (!s.passport?.user) return next();
    const now = this.clock.now().getTime();
    const idle = now - (s.lastSeenAt ?? 0) > this.idleMs;
    const tooOld = now - (s.authenticatedAt ?? 0) > this.absoluteMs;
    if (!idle && !tooOld) {
      if (this.activityDue(req.sessionID, s.lastSeenAt ?? 0, now)) s.lastSeenAt = now;
      return next();
    }
    req.sessionEnded = true;
    s.regenerate((err) => next(err));
  };

  /** True for at most one request per session per interval in this process. */
  private activityDue(sid: string, lastSeenAt: number, now: number): boolean {
    if (now - lastSeenAt < ACTIVITY_WRITE_INTERVAL_MS) return false;
    const decided = this.activityWrites.get(sid);
    if (decided !== undefined && now - decided < ACTIVITY_WRITE_INTERVAL_MS) return false;
    if (this.activityWrites.size >= 10_000) {
      for (const [key, at] of this.activityWrites)
        if (now - at >= ACTIVITY_WRITE_INTERVAL_MS) this.activityWrites.delete(key);
      // Still full of live entries: forget them all (at worst one extra write each).
      if (this.activityWrites.size >= 10_000) this.activityWrites.clear();
    }
    this.activityWrites.set(sid, now);
    return true;
  }

  /** Logs `user` in on a fresh session id (passport regenerates it: no session fixation). */
  async logIn(req: Request, user: AuthUser): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      req.login(user, (err: unknown) => (err ? reject(toError(err)) : resolve())),
    );
    const now = this.clock.now().getTime();
    req.session.authenticatedAt = now;
    req.session.lastSeenAt = now;
    await new Promise<void>((resolve, reject) =>
      req.session.save((err: unknown) => (err ? reject(toError(err)) : resolve())),
    );
  }

  /** Deletes the session row and tells the browser to drop the cookie. */
  async logOut(req: Request, res: Response): Promise<void> {
    if (req.session) {
      await new Promise<void>((resolve, reject) =>
        req.session.destroy((err: unknown) => (err ? reject(toError(err)) : resolve())),
      );
    }
    res.clearCookie(this.cookieName, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.secureCookies,
    });
  }

  /** Ends every session of `userId` but `exceptSid` (password change keeps the current one). */
  async destroyAllForUser(userId: string, exceptSid?: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM "${TABLE}" WHERE user_id = $1 AND sid <> $2`, [
      userId,
      exceptSid ?? '',
    ]);
    return result.rowCount ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    // The pool belongs to TypeORM; this only stops the store's prune timer.
    this.store.close();
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
