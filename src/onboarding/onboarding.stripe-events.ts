import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import {
  EventAccountMismatch,
  StripeEventHandler,
  type StripeEventContext,
} from '../webhooks/stripe-event-handler.decorator.js';
import { AccountSyncService } from './account-sync.service.js';

/**
 * Stripe → shop status. Events of an account that is no shop's current account (an account
 * replaced after a reconnect, another platform's test data) change nothing.
 */
@Injectable()
export class OnboardingStripeEvents {
  constructor(private readonly sync: AccountSyncService) {}

  @StripeEventHandler('account.updated')
  async accountUpdated(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const account = event.data.object as Stripe.Account;
    const shop = await this.sync.lockShopByAccount(ctx.manager, account.id);
    if (!shop) return;
    if (ctx.account !== account.id) {
      throw new EventAccountMismatch('shop', shop.id, account.id, ctx.account, shop.id);
    }
    // A snapshot: an older event delivered late must not overwrite a newer state.
    if (!(await ctx.isNewest(account.id))) return;
    await this.sync.applyAccount(ctx.manager, shop, account);
  }

  @StripeEventHandler('account.application.deauthorized')
  async deauthorized(_event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    if (!ctx.account) return;
    const shop = await this.sync.lockShopByAccount(ctx.manager, ctx.account);
    if (!shop || shop.stripeDisconnectedAt) return;
    await this.sync.markDisconnected(ctx.manager, shop);
  }
}
