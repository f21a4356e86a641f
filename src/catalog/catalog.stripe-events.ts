import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { Shop } from '../tenants/entities/shop.entity.js';
import { StripeEventHandler, type StripeEventContext } from '../webhooks/stripe-event-handler.decorator.js';
import { CatalogSyncService } from './catalog-sync.service.js';

/** The catalog's Stripe event handlers (discovered by the webhooks registry). */
@Injectable()
export class CatalogStripeEvents {
  private readonly logger = new Logger(CatalogStripeEvents.name);

  constructor(private readonly sync: CatalogSyncService) {}

  /**
   * Our own reading of `account.updated` (the onboarding module owns the shop's status columns):
   * a shop that now has an account gets its waiting products queued for sync.
   */
  @StripeEventHandler('account.updated')
  async onAccountUpdated(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const accountId = ctx.account ?? (event.data.object as { id?: string }).id;
    if (!accountId) return;
    const shop = await ctx.manager.getRepository(Shop).findOne({
      select: { id: true },
      where: { stripeAccountId: accountId },
    });
    if (!shop) return;
    const n = await this.sync.releaseWaiting(ctx.manager, shop.id);
    if (n) this.logger.log(`queued ${n} waiting products of shop ${shop.id} for Stripe sync`);
  }
}
