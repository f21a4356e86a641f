import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { NotFoundError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { connectedAccountKey } from '../stripe/idempotency-keys.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { TenantService } from '../tenants/tenant.service.js';
import {
  accountKindParams,
  paymentsStatus,
  supportsLoginLink,
  type PaymentsStatus,
} from './account-status.js';
import { AccountSyncService } from './account-sync.service.js';
import { brandingParams } from './branding.service.js';
import { PaymentsNotStarted, StripeUnavailable } from './onboarding.errors.js';
import { describeStripeError, stripeErrorCode } from '../stripe/stripe-errors.js';

const logger = new Logger('Onboarding');

/** Stripe's own dashboard, for account kinds that have no login links (full dashboard access). */
export const STRIPE_DASHBOARD_URL = 'https://dashboard.stripe.com/';

/**
 * Connect onboarding of a shop. Invariants: a shop has at most one current connected account,
 * created once (row lock + an idempotency key from the shop id and its account generation) and
 * saved before any link is made; a disconnected shop gets a new account under a new
 * generation. Account Links and login links are returned to the caller and never stored or
 * logged: they are bearer credentials to the merchant's Stripe account. Every method takes the
 * shop and the acting user, and a shop the user does not own is "not found".
 */
@Injectable()
export class OnboardingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantService,
    private readonly sync: AccountSyncService,
  ) {}

  /** "Set up payments" and "Continue setup": the account (made if needed), then a fresh link. */
  async startOnboarding(shop: ShopContext, actor: AuthUser): Promise<string> {
    const accountId = await this.ensureAccount(shop, actor);
    return this.onboardingLink(accountId);
  }

  /** refresh_url: the link expired or was used; a new one with the same parameters. */
  async refreshLink(shop: ShopContext, actor: AuthUser): Promise<string> {
    const row = await this.tenants.getOwnedShop(actor.id, shop.id);
    if (!row.stripeAccountId || row.stripeDisconnectedAt) throw new PaymentsNotStarted();
    return this.onboardingLink(row.stripeAccountId);
  }

  /** The status as last synced (the dashboard's card). */
  async currentStatus(shop: ShopContext, actor: AuthUser): Promise<PaymentsStatus> {
    return paymentsStatus(await this.tenants.getOwnedShop(actor.id, shop.id));
  }

  /**
   * return_url: Stripe says nothing about how onboarding went, so ask it (retrieve the account),
   * store what it says, and report that.
   */
  async syncFromStripe(shop: ShopContext, actor: AuthUser): Promise<PaymentsStatus> {
    const row = await this.tenants.getOwnedShop(actor.id, shop.id);
    if (!row.stripeAccountId || row.stripeDisconnectedAt) return paymentsStatus(row);
    const accountId = row.stripeAccountId;
    let account: Stripe.Account;
    try {
      account = await this.stripe.accounts.retrieve(accountId);
    } catch (err) {
      // A deauthorized account answers 403; its webhook marks the shop disconnected.
      if (err instanceof Stripe.errors.StripePermissionError) return paymentsStatus(row);
      throw stripeFailure(err);
    }
    const synced = await this.dataSource.transaction(async (manager) => {
      const locked = await this.sync.lockShopByAccount(manager, accountId);
      if (!locked || locked.id !== row.id) return row;
      await this.sync.applyAccount(manager, locked, account);
      return manager.getRepository(Shop).findOneOrFail({ where: { id: row.id } });
    });
    return paymentsStatus(synced);
  }

  /** "Open your Stripe dashboard": a single-use login link (Express) or Stripe's dashboard. */
  async dashboardUrl(shop: ShopContext, actor: AuthUser): Promise<string> {
    const row = await this.tenants.getOwnedShop(actor.id, shop.id);
    if (!row.stripeAccountId || row.stripeDisconnectedAt) throw new PaymentsNotStarted();
    if (!supportsLoginLink(this.config.stripe.connectAccountKind)) return STRIPE_DASHBOARD_URL;
    try {
      return (await this.stripe.accounts.createLoginLink(row.stripeAccountId)).url;
    } catch (err) {
      throw stripeFailure(err);
    }
  }

  private async ensureAccount(shop: ShopContext, actor: AuthUser): Promise<string> {
    const accountId = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Shop);
      // Serialises double clicks and parallel processes: the second waits, then finds the id.
      const row = await repo.findOne({
        where: { id: shop.id, ownerUserId: actor.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFoundError();
      if (row.stripeAccountId && !row.stripeDisconnectedAt) return row.stripeAccountId;
      const generation = row.stripeAccountId ? row.stripeAccountGeneration + 1 : row.stripeAccountGeneration;
      let account: Stripe.Account;
      try {
        // The key makes the SDK's own retries (and a retry after a crash before the commit
        // below) return the same account instead of making a second one.
        account = await this.stripe.accounts.create(this.accountParams(row, actor), {
          idempotencyKey: connectedAccountKey(row.id, generation),
        });
      } catch (err) {
        throw stripeFailure(err);
      }
      await repo.update(
        { id: row.id },
        { stripeAccountId: account.id, stripeAccountGeneration: generation, stripeDisconnectedAt: null },
      );
      await this.sync.applyAccount(manager, { ...row, stripeRequirements: null }, account);
      return account.id;
    });
    this.tenants.invalidate(shop.slug);
    return accountId;
  }

  private accountParams(shop: Shop, actor: AuthUser): Stripe.AccountCreateParams {
    const branding = brandingParams(shop);
    return {
      ...accountKindParams(this.config.stripe.connectAccountKind),
      email: shop.contactEmail ?? actor.email,
      country: shop.country,
      default_currency: shop.currency,
      business_profile: branding.business_profile,
      settings: { branding: { primary_color: shop.brandColour ?? undefined } },
      metadata: { shop_id: shop.id },
    };
  }

  private async onboardingLink(accountId: string): Promise<string> {
    try {
      const link = await this.stripe.accountLinks.create({
        account: accountId,
        type: 'account_onboarding',
        refresh_url: `${this.config.appUrl}/dashboard/payments/refresh`,
        return_url: `${this.config.appUrl}/dashboard/payments/return`,
      });
      return link.url;
    } catch (err) {
      throw stripeFailure(err);
    }
  }
}

/**
 * Network trouble and Stripe outages become a "try again" page; a refusal from Stripe becomes
 * our sentence for its code (its own text goes to the log only); anything else stays a bug (500).
 */
function stripeFailure(err: unknown): unknown {
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeAPIError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    err instanceof Stripe.errors.StripeIdempotencyError
  ) {
    return new StripeUnavailable();
  }
  if (err instanceof Stripe.errors.StripeError) {
    logger.warn({ code: stripeErrorCode(err), err: err.message }, 'Stripe refused an onboarding call');
    return new StripeUnavailable(describeStripeError(err, 'onboarding').message);
  }
  return err;
}
