import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { CsrfProtection } from './auth/csrf.js';
import { AppPassport } from './auth/local.strategy.js';
import { SessionService } from './auth/http-session.js';
import { HostRouting } from './tenants/host-routing.js';
import { DEFAULT_TIME_ZONE } from './common/dates.js';
import { DEFAULT_LANGUAGE, LANGUAGE_COOKIE, LANGUAGES, pickLanguage, t } from './common/i18n.js';
import { pickShopLanguage } from './tenants/shop-languages.js';
import { STRIPE_WEBHOOK_PATH, WEBHOOK_BODY_LIMIT } from './webhooks/webhook-endpoints.types.js';

export const INSTANCE_HEADER = 'X-Comptoir-Instance';

/**
 * The express middleware in front of Nest's router, in order:
 *   X-Comptoir-Instance header → multipart bodies held unread → cookies → Host routing (platform | shop | any; resolves req.shop, 400 for other hosts)
 *   → Stripe's webhook deliveries: the raw body
 *   → platform host only (not Stripe's webhook deliveries): session, passport, session timeouts,
 *     current user
 *   → platform and shop hosts: the lazy CSRF token for templates.
 * Sessions are never read for storefront (shop host) or probe requests: no cookie is looked
 * up, no row loaded. The CSRF check itself is the global CsrfGuard (it needs the parsed body;
 * a multipart form sends its token in the URL instead).
 */
export function installRequestPipeline(app: NestExpressApplication): void {
  const express = app.getHttpAdapter().getInstance();
  // Stripe's deliveries carry no cookie and are authenticated by their signature over the exact
  // bytes: their body is read raw (the JSON parser then skips it, so it is not parsed twice), and
  // the session stack and the CSRF token for templates would be pure cost on the busiest route.
  const isStripeDelivery = (req: Request) => req.hostKind === 'platform' && req.path === STRIPE_WEBHOOK_PATH;
  const platformOnly =
    (mw: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.hostKind === 'platform' && !isStripeDelivery(req) ? mw(req, res, next) : next();

  // Which process answered, behind a load balancer (INSTANCE_ID, default hostname:pid): set
  // first, so error pages and probes carry it too.
  const instanceId = app.get<AppConfig>(APP_CONFIG).instanceId;
  express.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(INSTANCE_HEADER, instanceId);
    next();
  });
  express.use(holdMultipartBody);
  express.use(cookieParser());
  express.use(app.get(HostRouting).middleware);
  const rawWebhookBody = raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  express.use((req: Request, res: Response, next: NextFunction) =>
    isStripeDelivery(req) ? rawWebhookBody(req, res, next) : next(),
  );
  const passport = app.get(AppPassport).sessionMiddleware();
  for (const mw of app.get(SessionService).middleware(passport)) express.use(platformOnly(mw));
  express.use(platformOnly(currentUserLocals));
  express.use(languageLocals);
  express.use(timeZoneLocals);
  const csrf = app.get(CsrfProtection);
  express.use((req: Request, res: Response, next: NextFunction) =>
    req.hostKind === 'any' || isStripeDelivery(req) ? next() : csrf.locals(req, res, next),
  );
}

/**
 * A multipart body (an upload, up to UPLOAD_MAX_BYTES) is not read until a route has admitted
 * the request: the socket stops reading here, before any await, and only a handler that pipes
 * the request (ImageUploadInterceptor, after the guards) resumes it. Left alone, Node would
 * buffer a stream's high-water mark (64 KB) of it meanwhile, and drain the rest after a refusal
 * to keep the connection alive.
 *
 * A request answered with its body unread (refused by a guard, or over the upload limit per
 * user) is never read further: the answer is followed by our FIN and the socket is dropped a
 * little later. Not at once, and not through `Connection: close` (Node then destroys it right
 * after the answer): closing a socket with unread bytes sends a reset, and a client still
 * sending its body may then lose the answer before reading it.
 */
function holdMultipartBody(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data')) return next();
  const socket = req.socket;
  socket.pause();
  res.once('finish', () => {
    if (req.complete) return;
    // Node resumes an unread body once the answer is sent (to drain it): pause again at once,
    // in the same tick, so not one read happens.
    socket.on('resume', () => socket.pause());
    socket.end();
    setTimeout(() => socket.destroy(), UNREAD_BODY_GRACE_MS).unref();
  });
  next();
}

/** How long a client answered before its body was read has to read the answer, before the reset. */
const UNREAD_BODY_GRACE_MS = 2000;

/** Each language named in itself, for the switcher: the catalogs are read once at boot. */
const LANGUAGE_NAMES = LANGUAGES.map((code) => ({ code, name: t(code, 'language.name') }));

/**
 * `res.locals.lang`, the language of the page (`<html lang>`, the `t` helper). On the platform
 * host: the user's stored language (read with the session row, no query of its own), the
 * switcher's cookie, Accept-Language. On a shop host: the switcher's cookie, Accept-Language,
 * the shop's own language, among the shop's languages only (read from the shop row HostRouting
 * already resolved); the page then depends on both headers, hence `Vary` on every answer.
 */
function languageLocals(req: Request, res: Response, next: NextFunction): void {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const accepts = (languages: string[]) => req.acceptsLanguages(languages);
  if (req.hostKind === 'shop' && req.shop) {
    res.vary('Accept-Language').vary('Cookie');
    const offered = req.shop.languages;
    res.locals.lang = pickShopLanguage(offered, { cookie: cookies?.[LANGUAGE_COOKIE], accepts });
    // The storefront's switcher (views/partials/layout/language-switcher.hbs, posting to
    // storefront/shop-language.controller.ts), when there is a choice to make.
    if (offered.length > 1) {
      res.locals.languages = LANGUAGE_NAMES.filter(({ code }) => offered.includes(code)).map(
        ({ code, name }) => ({ code, name, current: code === res.locals.lang }),
      );
      res.locals.currentPath = req.originalUrl;
    }
    return next();
  }
  res.locals.lang =
    req.hostKind === 'platform'
      ? pickLanguage({ userLanguage: req.user?.language, cookie: cookies?.[LANGUAGE_COOKIE], accepts })
      : DEFAULT_LANGUAGE;
  // The switcher (views/partials/layout/language-switcher.hbs), for anonymous platform pages;
  // a logged-in user chooses on /account.
  if (req.hostKind === 'platform' && !req.user) {
    res.locals.languages = LANGUAGE_NAMES.map(({ code, name }) => ({
      code,
      name,
      current: code === res.locals.lang,
    }));
    res.locals.currentPath = req.originalUrl;
  }
  next();
}

/**
 * `res.locals.timeZone`, the zone the `dateTime`/`date` helpers write in: the shop's on its
 * storefront, the user's on platform pages (their setting, else their shop's: read with the
 * session row), UTC for anonymous ones. The dashboard puts its shop's zone over it
 * (MerchantShopGuard). No query of its own.
 */
function timeZoneLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.timeZone =
    (req.hostKind === 'shop' ? req.shop?.timeZone : req.user?.timeZone) ?? DEFAULT_TIME_ZONE;
  next();
}

/** An allow-list of the user's fields for templates (`@root.currentUser`), never the entity. */
function currentUserLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.user)
    res.locals.currentUser = {
      email: req.user.email,
      isAdmin: req.user.role === 'admin',
      // From the session (set at log-in), not a query: see SecondStepSession.
      twoFactor: req.session.twoFactor === 'on',
    };
  next();
}
