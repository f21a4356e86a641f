import { createHmac } from 'node:crypto';
import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shopOrigin } from '../common/shop-url.js';
import { CsrfRefused } from './auth.errors.js';

const SKIP_CSRF = 'comptoir:skip-csrf';
/** For endpoints authenticated otherwise (Stripe's signed webhooks): no cookie, no form. */
export const SkipCsrf = () => SetMetadata(SKIP_CSRF, true);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF on every host: csrf-csrf's double-submit (a host-only, HttpOnly cookie and the same value
 * in the form's `_csrf` field or an `X-CSRF-Token` header), the token HMAC-bound to the session
 * id of a logged-in platform user, so a cookie tossed by another site (or subdomain) is useless.
 * On top, a state-changing request whose Origin (or, lacking it, Referer) is not this host's
 * own origin, built from config, is refused: another site or a shop subdomain cannot post to
 * the dashboard even with a token.
 *
 * A multipart form (an upload) is checked before its body is read (see holdMultipartBody in
 * request-pipeline.ts), so it carries the token in its action URL (`?_csrf=`) or the header;
 * the URL is accepted for multipart requests only.
 *
 * Templates get `csrfToken` as a lazy local: the cookie is only set on responses that render a
 * form, so a storefront page without forms sets no cookie at all.
 */
@Injectable()
export class CsrfProtection {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const secret = createHmac('sha256', config.sessionSecret).update('comptoir csrf v1').digest('base64url');
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => (req.hostKind === 'platform' && req.user ? req.sessionID : ''),
      cookieName: config.secureCookies ? '__Host-comptoir.csrf' : 'comptoir.csrf',
      cookieOptions: { sameSite: 'strict', secure: config.secureCookies, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
        return fromBody ?? req.get('x-csrf-token') ?? multipartUrlToken(req);
      },
    });
  }

  /** Puts a lazy `csrfToken` in res.locals (Handlebars calls functions it finds in the context). */
  readonly locals = (req: Request, res: Response, next: NextFunction): void => {
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= this.csrf.generateCsrfToken(req, res));
    next();
  };

  /** This request's own origin: the platform's from APP_URL, a shop's from APP_DOMAIN. */
  expectedOrigin(req: Request): string | undefined {
    if (req.hostKind === 'platform') return this.config.appUrl;
    if (req.hostKind === 'shop' && req.shop) return shopOrigin(this.config, req.shop.slug);
    return undefined;
  }

  isAcceptable(req: Request): boolean {
    const expected = this.expectedOrigin(req);
    if (!expected) return false;
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (origin !== expected) return false;
    } else {
      const referer = req.get('referer');
      if (referer !== undefined && originOf(referer) !== expected) return false;
    }
    return this.csrf.validateRequest(req);
  }
}

function multipartUrlToken(req: Request): string | undefined {
  const token = (req.query as Record<string, unknown> | undefined)?._csrf;
  return typeof token === 'string' && req.is('multipart/form-data') ? token : undefined;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Global guard: every non-GET route checks CSRF unless marked @SkipCsrf(). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly csrf: CsrfProtection,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_CSRF, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Stripe's webhook endpoints are verified by signature; the events module may not know the
    // decorator, so the platform's /webhooks/ prefix is exempt by name too.
    if (skip || (req.hostKind === 'platform' && req.path.startsWith('/webhooks/'))) return true;
    if (!this.csrf.isAcceptable(req)) throw new CsrfRefused();
    return true;
  }
}
