import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { assertRole } from '../auth/guards.js';
import type { FeePlan } from '../common/fee.js';
import { message, ValidationFailed } from '../common/domain-error.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import { checkFeePlanInput, FeePlanService, type FeePlanInput } from '../tenants/fee-plan.service.js';
import { ShopDirectory, type ShopSearch, type ShopSearchPage } from '../tenants/shop-directory.js';
import { ShopExtensions } from '../tenants/shop-extensions.js';
import type { ShopStats } from '../tenants/shop-stats.js';
import { TenantService } from '../tenants/tenant.service.js';

export const MAX_REASON_LENGTH = 500;

export interface ShopDetail {
  shop: Shop;
  /** The plan that applies now (override or platform default), and where each part comes from. */
  effectivePlan: FeePlan;
  platformPlan: FeePlan;
  stats: ShopStats;
}

/**
 * The back-office's shop operations. Every method checks the admin role itself (the route guard
 * is not the only gate), and every change commits with exactly one audit entry in the same
 * transaction; the shop cache of this process is cleared after the commit.
 */
@Injectable()
export class AdminShopsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tenants: TenantService,
    private readonly directory: ShopDirectory,
    private readonly fees: FeePlanService,
    private readonly stats: ShopExtensions,
    private readonly audit: AuditService,
  ) {}

  async search(actor: AuthUser | undefined, search: ShopSearch): Promise<ShopSearchPage> {
    assertRole(actor, 'admin');
    return this.directory.search(search);
  }

  async detail(actor: AuthUser | undefined, shopId: string): Promise<ShopDetail> {
    assertRole(actor, 'admin');
    const shop = await this.directory.get(shopId);
    return {
      shop,
      effectivePlan: this.fees.planFor(shop),
      platformPlan: this.fees.platformDefault,
      stats: await this.stats.statsFor(shop.id),
    };
  }

  async suspend(actor: AuthUser | undefined, shopId: string, rawReason: string | undefined): Promise<void> {
    assertRole(actor, 'admin');
    const reason = checkReason(rawReason);
    const shop = await this.directory.get(shopId);
    await this.db.transaction(async (manager) => {
      const { before, after } = await this.tenants.suspend(shop.id, reason, manager);
      await this.audit.record(
        actor,
        {
          action: 'shop.suspend',
          targetType: 'shop',
          targetId: shop.id,
          shopId: shop.id,
          before: suspension(before),
          after: suspension(after),
          reason,
        },
        manager,
      );
    });
    this.tenants.invalidate(shop.slug);
  }

  async resume(actor: AuthUser | undefined, shopId: string, rawNote?: string): Promise<void> {
    assertRole(actor, 'admin');
    const shop = await this.directory.get(shopId);
    const note = rawNote?.trim().slice(0, MAX_REASON_LENGTH) || null;
    await this.db.transaction(async (manager) => {
      const { before, after } = await this.tenants.resume(shop.id, manager);
      await this.audit.record(
        actor,
        {
          action: 'shop.resume',
          targetType: 'shop',
          targetId: shop.id,
          shopId: shop.id,
          before: suspension(before),
          after: suspension(after),
          reason: note,
        },
        manager,
      );
    });
    this.tenants.invalidate(shop.slug);
  }

  /** Validates an override form without saving it (the confirmation step shows the result). */
  previewFeePlan(actor: AuthUser | undefined, input: FeePlanInput): Pick<Shop, 'feeBps' | 'feeFixed'> {
    assertRole(actor, 'admin');
    const checked = checkFeePlanInput(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    return checked.value;
  }

  /** Blank parts mean "platform default". Affects orders made from now on only. */
  async setFeePlan(actor: AuthUser | undefined, shopId: string, input: FeePlanInput): Promise<void> {
    assertRole(actor, 'admin');
    const value = this.previewFeePlan(actor, input);
    const shop = await this.directory.get(shopId);
    await this.db.transaction(async (manager) => {
      const { before, after } = await this.tenants.setFeePlan(shop.id, value, manager);
      await this.audit.record(
        actor,
        {
          action: 'shop.fee_plan',
          targetType: 'shop',
          targetId: shop.id,
          shopId: shop.id,
          before: feeColumns(before),
          after: feeColumns(after),
        },
        manager,
      );
    });
    this.tenants.invalidate(shop.slug);
  }
}

function checkReason(raw: string | undefined): string {
  const reason = (raw ?? '').trim();
  if (reason.length < 3) throw new ValidationFailed({ reason: message('validation.suspendReason.missing') });
  if (reason.length > MAX_REASON_LENGTH)
    throw new ValidationFailed({
      reason: message('validation.suspendReason.tooLong', { max: MAX_REASON_LENGTH }),
    });
  return reason;
}

const suspension = (shop: Shop) => ({
  suspendedAt: shop.suspendedAt?.toISOString() ?? null,
  suspendedReason: shop.suspendedReason,
});

const feeColumns = (shop: Shop) => ({ feeBps: shop.feeBps, feeFixed: shop.feeFixed });
