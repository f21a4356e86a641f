import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CheckoutModule } from './checkout/checkout.module.js';
import { ClockModule } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { OnboardingModule } from './onboarding/onboarding.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PlatformModule } from './platform/platform.module.js';
import { StorefrontModule } from './storefront/storefront.module.js';
import { StripeModule } from './stripe/stripe.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { TenantsModule } from './tenants/tenants.module.js';

/** Where pino writes its lines (pino's DestinationStream). */
export interface LogDestination {
  write(line: string): void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** What pino-http hands the `req` serializer (pino-std-serializers' wrapped request). */
interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress?: string;
}

@Module({})
export class AppModule {
  /** `extraImports`: modules added by tests (e.g. test-only event handlers). */
  static forRoot(
    config: AppConfig,
    databaseUrl: string,
    extraImports: Type[] = [],
    /** Where pino writes (stdout by default); tests capture the log lines with it. */
    logDestination?: LogDestination,
  ): DynamicModule {
    const pinoHttp: Options = {
      level: config.logLevel,
      // Reuse a well-formed X-Request-Id from a proxy, otherwise mint one; echo it back.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // pino-http serializes the request into every request's child logger, whatever the level:
      // the fields an operator reads, not every header (no cookie or authorization to redact, and
      // a fraction of the cost on each request).
      serializers: {
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          host: req.headers.host,
          userAgent: req.headers['user-agent'],
          remoteAddress: req.remoteAddress,
        }),
      },
      // Location: some redirects carry single-use Stripe links (Account Links, login links).
      redact: ['res.headers["set-cookie"]', 'res.headers.location'],
      autoLogging: {
        ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz',
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    };
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: logDestination ? [pinoHttp, logDestination] : pinoHttp }),
        DatabaseModule.forRoot(databaseUrl),
        JobsModule,
        ClockModule,
        StripeModule,
        HealthModule,
        PlatformModule,
        WebhooksModule,
        TenantsModule,
        MailModule,
        AuthModule,
        DashboardModule,
        OnboardingModule,
        OrdersModule,
        AdminModule,
        CatalogModule,
        StorefrontModule,
        CheckoutModule,
        ...extraImports,
      ],
    };
  }
}
