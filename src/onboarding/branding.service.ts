import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import Stripe from 'stripe';
import type { Repository } from 'typeorm';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { TenantService } from '../tenants/tenant.service.js';
import { OnShopSettingsSaved } from '../tenants/shop-extensions.js';

export const PUSH_BRANDING_JOB = defineJob<{ shopId: string }>('onboarding.push-branding', {
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
});

/** What Stripe's hosted pages (onboarding, Checkout) show of the shop. */
export function brandingParams(shop: Pick<Shop, 'name' | 'brandColour'>): Stripe.AccountUpdateParams {
  return {
    business_profile: { name: shop.name },
    // An empty string clears the colour on Stripe's side (Stripe's convention for "unset").
    settings: { branding: { primary_color: shop.brandColour ?? '' } },
  };
}

/**
 * Keeps the connected account's name and brand colour equal to the shop's. A job (retried with
 * backoff) rather than a call in the settings request: Stripe being slow or down must not stop
 * the merchant from saving, and the job reads the shop when it runs, so the newest settings win.
 */
@Injectable()
export class BrandingService implements OnModuleInit {
  private readonly logger = new Logger(BrandingService.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @InjectRepository(Shop) private readonly shops: Repository<Shop>,
    private readonly queue: JobQueue,
    private readonly tenants: TenantService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(PUSH_BRANDING_JOB, (data) => this.push(data.shopId), { concurrency: 2 });
  }

  /** After the merchant saves the settings: schedules the push if the name or colour changed. */
  @OnShopSettingsSaved()
  async settingsSaved(before: Shop, after: Shop): Promise<void> {
    if (!after.stripeAccountId || after.stripeDisconnectedAt) return;
    if (before.name === after.name && before.brandColour === after.brandColour) return;
    try {
      await this.queue.send(PUSH_BRANDING_JOB, { shopId: after.id });
    } catch (err) {
      // The settings are saved; the next change (or an admin) pushes the branding again.
      this.logger.error({ err, shopId: after.id }, 'could not schedule the branding push');
    }
  }

  /** The job: pushes the shop's current branding. Throws (so it is retried) on transient errors only. */
  async push(shopId: string): Promise<void> {
    const shop = await this.shops.findOne({ where: { id: shopId } });
    if (!shop?.stripeAccountId || shop.stripeDisconnectedAt) return;
    try {
      await this.stripe.accounts.update(shop.stripeAccountId, brandingParams(shop));
    } catch (err) {
      if (
        err instanceof Stripe.errors.StripeInvalidRequestError ||
        err instanceof Stripe.errors.StripePermissionError
      ) {
        // Retrying will not help (the account no longer lets us, or refused the values).
        this.logger.warn({ shopId, code: err.code, message: err.message }, 'branding push refused by Stripe');
        return;
      }
      throw err;
    }
  }
}
