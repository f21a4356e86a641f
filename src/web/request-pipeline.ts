import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CsrfProtection } from '../auth/csrf.js';
import { AppPassport } from '../auth/local.strategy.js';
import { SessionService } from '../auth/session.service.js';
import { HostRouting } from '../tenants/host-routing.js';

/**
 * The express middleware in front of Nest's router, in order:
 *   cookies → Host routing (platform | shop | any; resolves req.shop, 400 for other hosts)
 *   → platform host only: session, passport, session timeouts, current user
 *   → platform and shop hosts: the lazy CSRF token for templates.
 * Sessions are never read for storefront (shop host) or probe requests: no cookie is looked
 * up, no row loaded. The CSRF check itself is the global CsrfGuard (it needs the parsed body).
 */
export function installRequestPipeline(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance();
  const platformOnly =
    (mw: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.hostKind === 'platform' ? mw(req, res, next) : next();

  express.use(cookieParser());
  express.use(app.get(HostRouting).middleware);
  const passport = app.get(AppPassport).sessionMiddleware();
  for (const mw of app.get(SessionService).middleware(passport)) express.use(platformOnly(mw));
  express.use(platformOnly(currentUserLocals));
  const csrf = app.get(CsrfProtection);
  express.use((req: Request, res: Response, next: NextFunction) =>
    req.hostKind === 'any' ? next() : csrf.locals(req, res, next),
  );
}

/** An allow-list of the user's fields for templates (`@root.currentUser`), never the entity. */
function currentUserLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.user) res.locals.currentUser = { email: req.user.email, isAdmin: req.user.role === 'admin' };
  next();
}
