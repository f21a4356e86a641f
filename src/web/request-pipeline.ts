import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { CsrfProtection } from '../auth/csrf.js';
import { AppPassport } from '../auth/local.strategy.js';
import { SessionService } from '../auth/session.service.js';
import { HostRouting } from '../tenants/host-routing.js';
import { STRIPE_WEBHOOK_PATH, WEBHOOK_BODY_LIMIT } from '../webhooks/webhook-endpoints.types.js';

/**
 * The express middleware in front of Nest's router, in order:
 *   cookies → Host routing (platform | shop | any; resolves req.shop, 400 for other hosts)
 *   → Stripe's webhook deliveries: the raw body
 *   → platform host only (not Stripe's webhook deliveries): session, passport, session timeouts,
 *     current user
 *   → platform and shop hosts: the lazy CSRF token for templates.
 * Sessions are never read for storefront (shop host) or probe requests: no cookie is looked
 * up, no row loaded. The CSRF check itself is the global CsrfGuard (it needs the parsed body).
 */
export function installRequestPipeline(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance();
  // Stripe's deliveries carry no cookie and are authenticated by their signature: the session
  // stack (and the CSRF token for templates) would be pure cost on the busiest route.
  const sessionless = (req: Request) => req.path === STRIPE_WEBHOOK_PATH;
  const platformOnly =
    (mw: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.hostKind === 'platform' && !sessionless(req) ? mw(req, res, next) : next();

  express.use(cookieParser());
  express.use(app.get(HostRouting).middleware);
  // Stripe signs the exact bytes it sends: its deliveries are read raw (the JSON parser then skips
  // them, so they are not parsed twice), on the platform host only.
  const rawWebhookBody = raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  express.use(STRIPE_WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.hostKind === 'platform' ? rawWebhookBody(req, res, next) : next(),
  );
  const passport = app.get(AppPassport).sessionMiddleware();
  for (const mw of app.get(SessionService).middleware(passport)) express.use(platformOnly(mw));
  express.use(platformOnly(currentUserLocals));
  const csrf = app.get(CsrfProtection);
  express.use((req: Request, res: Response, next: NextFunction) =>
    req.hostKind === 'any' || sessionless(req) ? next() : csrf.locals(req, res, next),
  );
}

/** An allow-list of the user's fields for templates (`@root.currentUser`), never the entity. */
function currentUserLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.user) res.locals.currentUser = { email: req.user.email, isAdmin: req.user.role === 'admin' };
  next();
}
