import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { DEFAULT_TIME_ZONE } from '../common/dates.js';
import { InvalidCredentials } from './auth.errors.js';
import { toAuthUser, type AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import { User } from './entities/user.entity.js';
import { SESSION_USER_SQL, type SessionPrincipal } from './session-principal.js';

/**
 * This app's own Passport instance (not the module-global one, so two apps in one process,
 * as in the tests, never share strategies or serializers):
 * - the passport-local strategy: email + password, checked and throttled by AuthService;
 * - the session serializer: the session stores the user id only, and each request reloads the
 *   user, so a disabled or deleted account is logged out at its next request. The user comes
 *   with the shop they own (`req.ownedShop`, which the dashboard needs on every page), both read
 *   with the session itself (src/auth/session-principal.ts): one statement for all three.
 */
@Injectable()
export class AppPassport {
  readonly instance = new passport.Passport();

  constructor(auth: AuthService, @InjectRepository(User) users: Repository<User>) {
    this.instance.use(
      'local',
      new LocalStrategy(
        { usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false },
        (req, email, password, done) => {
          auth.verifyCredentials(email, password, req.ip ?? 'unknown').then(
            (user) => done(null, user),
            (err: unknown) => done(err),
          );
        },
      ),
    );
    this.instance.serializeUser((user, done) => done(null, user.id));
    this.instance.deserializeUser(
      (req: Request, id: string, done: (err: unknown, user?: AuthUser | false) => void) => {
        const finish = (row: SessionPrincipal | undefined) => {
          if (!row || row.disabled) return done(null, false);
          req.ownedShopRow = row.shop_id ? row : null;
          done(
            null,
            toAuthUser({ ...row, timeZone: row.user_time_zone ?? row.time_zone ?? DEFAULT_TIME_ZONE }),
          );
        };
        // Read with the session row (the store's get); a query of its own only if it was not.
        const preloaded = req.sessionPrincipal;
        if (preloaded?.id === id) return finish(preloaded);
        users.query<SessionPrincipal[]>(SESSION_USER_SQL, [id]).then(
          ([row]) => finish(row),
          (err: unknown) => done(err),
        );
      },
    );
  }

  /** passport.initialize() and passport.session(), for the platform-host middleware chain. */
  sessionMiddleware(): { initialize: RequestHandler; session: RequestHandler } {
    return {
      initialize: this.instance.initialize() as RequestHandler,
      session: this.instance.session() as RequestHandler,
    };
  }

  /** Runs the local strategy; resolves with the user, or rejects with the domain error to show. */
  authenticateLocal(req: Request, res: Response): Promise<AuthUser> {
    return new Promise((resolve, reject) => {
      const handler = this.instance.authenticate(
        'local',
        { session: false },
        (err: unknown, user: AuthUser | false) => {
          if (user) resolve(user);
          else reject(err instanceof DomainError ? err : new InvalidCredentials());
        },
      ) as RequestHandler;
      handler(req, res, (err: unknown) =>
        reject(err instanceof DomainError ? err : new InvalidCredentials()),
      );
    });
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /**
     * The session user's shop columns (null: no shop), loaded with the user; undefined when not
     * loaded. Auth only carries the row: tenants/owned-shop.ts reads the shop out of it.
     */
    ownedShopRow?: SessionPrincipal | null;
    /** The session's user and shop as read with the session row (src/auth/http-session.ts). */
    sessionPrincipal?: SessionPrincipal;
    /** Why the local strategy refused this log-in; the controller re-renders the form with it. */
    loginError?: DomainError;
  }
}

/**
 * Runs the local strategy without a bare 401: a refused log-in is kept on the request, so the
 * log-in page is shown again with the message and the email that was typed.
 */
@Injectable()
export class LoginGuard implements CanActivate {
  constructor(private readonly passport: AppPassport) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    try {
      req.user = await this.passport.authenticateLocal(req, http.getResponse<Response>());
    } catch (err) {
      req.loginError = err instanceof DomainError ? err : new InvalidCredentials();
    }
    return true;
  }
}
