import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { OnboardingStripeEvents } from './onboarding.stripe-events.js';
import { AccountSyncService } from './account-sync.service.js';
import { BrandingService } from './branding.service.js';
import { OnboardingController } from './onboarding.controller.js';
import { OnboardingService } from './onboarding.service.js';

/**
 * Stripe Connect onboarding: the connected account, Account Links (auth-gated redirect, refresh
 * and return routes), the account status from `account.updated` and deauthorization, the
 * "Stripe needs something" mail and the branding push. Exports the service for the dashboard
 * and the admin.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Shop]), TenantsModule, MailModule],
  controllers: [OnboardingController],
  providers: [OnboardingService, AccountSyncService, OnboardingStripeEvents, BrandingService],
  exports: [OnboardingService],
})
export class OnboardingModule {}
