import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { CheckoutModule } from './checkout/checkout.module.js';
import { ClockModule } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ENTITIES } from './entities.js';
import { HealthModule } from './health/health.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { loggerParams, type LogDestination } from './logging/logging.js';
import { MailModule } from './mail/mail.module.js';
import { OnboardingModule } from './onboarding/onboarding.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PlatformModule } from './platform/platform.module.js';
import { StorefrontModule } from './storefront/storefront.module.js';
import { StripeModule } from './stripe/stripe.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { TenantsModule } from './tenants/tenants.module.js';

export type { LogDestination };

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
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, process.stdout.isTTY === true, logDestination)),
        DatabaseModule.forRoot(databaseUrl, ENTITIES, config.database.replicaUrls),
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
