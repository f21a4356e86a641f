import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { ShopContextSource } from '../tenants/shop-context.js';
import { InvalidCredentials } from './auth.errors.js';
import { toAuthUser, type AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import { User, type UserRole } from './entities/user.entity.js';

/**
 * This app's own Passport instance (not the module-global one, so two apps in one process,
 * as in the tests, never share strategies or serializers):
 * - the passport-local strategy: email + password, checked and throttled by AuthService;
 * - the session serializer: the session stores the user id only, and each request reloads the
 *   user, so a disabled or deleted account is logged out at its next request. The same query
 *   brings the shop the user owns (`req.ownedShop`), which the dashboard needs on every page:
 *   one statement for both instead of two.
 */
/**
 * The session user and the first shop they own (as TenantService.findOwnedShop picks it), in one
 * statement and only the columns a request needs: this runs on every logged-in platform request.
 */
const SESSION_USER_SQL = `
  SELECT u.id, u.email, u.role, u.disabled_at IS NOT NULL AS disabled,
         s.id AS shop_id, s.slug, s.name, s.currency, s.country, s.brand_colour, s.logo_path,
         s.suspended_at, s.suspended_reason, s.stripe_account_id, s.stripe_charges_enabled,
         s.stripe_disconnected_at
    FROM app_user u
    LEFT JOIN LATERAL (
      SELECT * FROM shop f WHERE f.owner_user_id = u.id ORDER BY f.created_at ASC LIMIT 1
    ) s ON true
   WHERE u.id = $1`;

interface SessionUserRow {
  id: string;
  email: string;
  role: UserRole;
  disabled: boolean;
  shop_id: string | null;
  slug: string;
  name: string;
  currency: string;
  country: string;
  brand_colour: string | null;
  logo_path: string | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
  stripe_account_id: string | null;
  stripe_charges_enabled: boolean;
  stripe_disconnected_at: Date | null;
}

/** What the dashboard needs of the session user's shop: its context, and why it is suspended. */
export type OwnedShop = ShopContextSource & { suspendedReason: string | null };

function ownedShopOf(row: SessionUserRow): OwnedShop {
  return {
    id: row.shop_id!,
    ownerUserId: row.id,
    slug: row.slug,
    name: row.name,
    currency: row.currency,
    country: row.country,
    brandColour: row.brand_colour,
    logoPath: row.logo_path,
    suspendedAt: row.suspended_at,
    suspendedReason: row.suspended_reason,
    stripeAccountId: row.stripe_account_id,
    stripeChargesEnabled: row.stripe_charges_enabled,
    stripeDisconnectedAt: row.stripe_disconnected_at,
  };
}

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
        users.query<SessionUserRow[]>(SESSION_USER_SQL, [id]).then(
          ([row]) => {
            if (!row || row.disabled) return done(null, false);
            req.ownedShop = row.shop_id ? ownedShopOf(row) : null;
            done(null, toAuthUser(row));
          },
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
    /** The session user's shop (null: none), loaded with the user; undefined when not loaded. */
    ownedShop?: OwnedShop | null;
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
