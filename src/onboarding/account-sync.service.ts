import { formatDateTime } from '../common/dates.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { TenantService } from '../tenants/tenant.service.js';
import { newlyDue, requirementLabels, snapshotOf } from './account-status.js';
import { ShopOwnerMail } from '../tenants/shop-owner-mail.js';
import { t } from '../common/i18n.js';

/**
 * Copies a connected account's status onto its shop — from `account.updated`, from the
 * return page's retrieve, and at creation — and mails the merchant when Stripe starts asking
 * for something (once per change: the same list again is not news). Always inside the
 * caller's transaction, so the status and its mail commit together.
 */
@Injectable()
export class AccountSyncService {
  private readonly logger = new Logger(AccountSyncService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerMail: ShopOwnerMail,
    private readonly tenants: TenantService,
    private readonly clock: Clock,
  ) {}

  /** The shop whose current account is `accountId`, row-locked, or null (an old or foreign account). */
  async lockShopByAccount(manager: EntityManager, accountId: string): Promise<Shop | null> {
    return manager
      .getRepository(Shop)
      .findOne({ where: { stripeAccountId: accountId }, lock: { mode: 'pessimistic_write' } });
  }

  async applyAccount(manager: EntityManager, shop: Shop, account: Stripe.Account): Promise<void> {
    const next = snapshotOf(account);
    const previous = shop.stripeRequirements;
    await manager.getRepository(Shop).update(
      { id: shop.id },
      {
        stripeDetailsSubmitted: next.detailsSubmitted,
        stripeChargesEnabled: next.chargesEnabled,
        stripePayoutsEnabled: next.payoutsEnabled,
        stripeRequirements: next.requirements,
        stripeSyncedAt: this.clock.now(),
      },
    );
    this.tenants.invalidate(shop.slug);
    // During the first onboarding the merchant is filling Stripe's form: no mail about it.
    const fresh = next.detailsSubmitted ? newlyDue(previous, next.requirements) : [];
    if (fresh.length) await this.mailRequirements(manager, shop, next.requirements.current_deadline, fresh);
  }

  /** `account.application.deauthorized`: checkout off, orders and history kept. */
  async markDisconnected(manager: EntityManager, shop: Shop): Promise<void> {
    await manager
      .getRepository(Shop)
      .update({ id: shop.id }, { stripeDisconnectedAt: this.clock.now(), stripeChargesEnabled: false });
    this.tenants.invalidate(shop.slug);
    this.logger.log({ shopId: shop.id, account: shop.stripeAccountId }, 'connected account deauthorized');
  }

  private async mailRequirements(
    manager: EntityManager,
    shop: Shop,
    deadline: number | null,
    items: string[],
  ): Promise<void> {
    await this.ownerMail.send(manager, shop.id, (to, lang) => {
      const when = deadline
        ? t(lang, 'merchantMail.requirements.by', {
            // In the shop's zone, named so the reader knows which clock it is.
            date: `${formatDateTime(new Date(deadline * 1000), lang, shop.timeZone)} (${shop.timeZone})`,
          })
        : t(lang, 'merchantMail.requirements.soon');
      const list = requirementLabels(lang, items).map((l) => `  - ${l}`);
      return {
        to,
        subject: t(lang, 'merchantMail.requirements.subject', { shop: shop.name }),
        text: [
          t(lang, 'merchantMail.requirements.hello'),
          '',
          t(lang, 'merchantMail.requirements.intro', { shop: shop.name, when }),
          '',
          ...list,
          '',
          t(lang, 'merchantMail.requirements.continue'),
          `${this.config.appUrl}/dashboard/payments`,
          '',
          t(lang, 'merchantMail.signature'),
          '',
        ].join('\n'),
      };
    });
  }
}
