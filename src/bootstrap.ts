import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type LogDestination } from './app.module.js';
import { QuietBootLogger } from './logging/logging.js';
import type { AppConfig } from './config/app-config.js';
import { ErrorFilter } from './web/error.filter.js';
import { ROOT_DIR } from './root-dir.js';
import { configureHandlebars } from './web/views.js';
import { installRequestPipeline } from './request-pipeline.js';
import { RequestValidationPipe } from './web/validation.pipe.js';
import { rejectMalformedUrl } from './web/malformed-url.js';
import { FILE_STORAGE, type FileStorage } from './catalog/file-storage.js';
import { serveUploads } from './catalog/upload-route.js';

/** Largest URL-encoded form body. */
const FORM_BODY_LIMIT = '256kb';

export const VIEWS_DIR = join(ROOT_DIR, 'views');
export const PUBLIC_DIR = join(ROOT_DIR, 'public');

/** Builds the configured Nest app (not listening). Used by main.ts, the worker and the tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  /** Extra modules, for tests (e.g. test-only event handlers). */
  extraImports: Type[] = [],
  /** Where the log lines go (stdout by default), for tests that read them. */
  logDestination?: LogDestination,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl, extraImports, logDestination),
    // No `rawBody`: the one route that needs the raw bytes (Stripe's webhook) reads them itself
    // (request-pipeline.ts), and every other JSON body is not copied for nothing.
    { bufferLogs: true },
  );
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  configureHttp(app, config);
  return app;
}

export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  // Our pages carry per-visitor parts (CSRF token, cart count): an ETag would hash every page and
  // almost never match. Static files and uploads keep theirs (serve-static sets its own).
  express.set('etag', false);
  // Express decides trust proxy; the default (off) means X-Forwarded-* headers are ignored.
  app.set('trust proxy', config.trustProxy);
  if (config.env === 'production') app.set('view cache', true);

  // Before everything else (static files and the favicon included): one 400 for a URL that
  // does not percent-decode, wherever it would have been decoded.
  app.use(rejectMalformedUrl);
  // Forms are URL-encoded: a shop page of 20,000 characters (shop-pages.ts), non-Latin text
  // percent-encoded at up to 12 bytes a character, must fit (the default is 100 KB).
  app.useBodyParser('urlencoded', { extended: true, limit: FORM_BODY_LIMIT });

  const stripeOrigins = config.stripe.apiUrl ? [new URL(config.stripe.apiUrl).origin] : [];
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          // Forms post to us, and we answer some with a 303 to Stripe's hosted pages: Chromium
          // applies form-action to that redirect too.
          formAction: [
            "'self'",
            ...stripeOrigins,
            'https://checkout.stripe.com',
            'https://connect.stripe.com',
          ],
          ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: config.secureCookies,
      // Not helmet's `no-referrer`: under it browsers send `Origin: null` on same-origin form
      // posts, and the CSRF guard checks Origin. `same-origin` still sends nothing elsewhere.
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.useStaticAssets(PUBLIC_DIR, {
    prefix: '/static/',
    maxAge: config.env === 'production' ? '7d' : 0,
    index: false,
    fallthrough: true,
  });
  // Uploaded images, on every host (shop pages show them), from disk or bucket alike.
  express.use('/uploads', serveUploads(app.get<FileStorage>(FILE_STORAGE)));
  // Browsers ask for /favicon.ico on every host whatever the page says.
  express.get('/favicon.ico', (_req: Request, res: Response) =>
    res.type('image/svg+xml').sendFile(join(PUBLIC_DIR, 'favicon.svg')),
  );
  installRequestPipeline(app);
  configureHandlebars(VIEWS_DIR);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/platform' });
  // The banner links to the mailbox only where it exists (offline with nowhere to send mail).
  const hasMailbox = config.offline && !config.smtpUrl;
  Object.assign(express.locals, { offline: config.offline, hasMailbox, appUrl: config.appUrl });
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
}
