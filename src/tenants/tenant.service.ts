import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.js';
import { NotFoundError, ValidationFailed } from '../common/domain-error.js';
import { Clock } from '../common/clock.js';
import { Shop } from './entities/shop.entity.js';
import { checkNewShop, checkShopSettings, type NewShopInput, type ShopSettingsInput } from './shop-input.js';
import { toShopContext, type ShopContext } from './shop-context.js';
import { ShopExtensions } from './shop-extensions.js';

/** How long a process trusts its cached Host → shop lookup; changes elsewhere show within this. */
export const SHOP_CACHE_TTL_MS = 5_000;

/**
 * Shops (tenants). Invariants: a slug is unique and follows the slug rules; a merchant reaches a
 * shop only through `ownerUserId` (a shop of someone else is "not found"); every change
 * invalidates this process's slug cache, other processes see it within SHOP_CACHE_TTL_MS.
 */
@Injectable()
export class TenantService {
  private readonly bySlug = new Map<string, { shop: ShopContext | null; until: number }>();

  constructor(
    @InjectRepository(Shop) private readonly shops: Repository<Shop>,
    private readonly clock: Clock,
    private readonly extensions: ShopExtensions,
  ) {}

  /** The storefront's lookup. Suspended shops are returned (flagged) so the caller can say so. */
  async findBySlug(slug: string): Promise<ShopContext | null> {
    const now = Date.now();
    const hit = this.bySlug.get(slug);
    if (hit && hit.until > now) return hit.shop;
    const row = await this.shops.findOne({ where: { slug } });
    const shop = row ? toShopContext(row) : null;
    this.bySlug.set(slug, { shop, until: now + SHOP_CACHE_TTL_MS });
    if (this.bySlug.size > 10_000) this.bySlug.clear();
    return shop;
  }

  /** Every problem with a would-be shop, per form field (empty when it can be created). */
  async newShopProblems(input: NewShopInput): Promise<Record<string, string>> {
    const checked = checkNewShop(input);
    if ('errors' in checked) return checked.errors;
    if (await this.shops.exists({ where: { slug: checked.value.slug } })) {
      return { slug: 'That address is already taken. Please choose another one.' };
    }
    return {};
  }

  /** Creates a shop for `ownerUserId` inside the caller's transaction. */
  async createShop(manager: EntityManager, ownerUserId: string, input: NewShopInput): Promise<Shop> {
    const checked = checkNewShop(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    const repo = manager.getRepository(Shop);
    if (await repo.exists({ where: { slug: checked.value.slug } })) {
      throw new ValidationFailed({ slug: 'That address is already taken. Please choose another one.' });
    }
    try {
      const shop = await repo.save(repo.create({ ...checked.value, ownerUserId }));
      this.invalidate(shop.slug);
      return shop;
    } catch (err) {
      if (isUniqueViolation(err, 'uq_shop_slug')) {
        throw new ValidationFailed({ slug: 'That address is already taken. Please choose another one.' });
      }
      throw err;
    }
  }

  /** The merchant's shop (the first one: the UI offers one shop per merchant), or null. */
  async findOwnedShop(ownerUserId: string): Promise<Shop | null> {
    return this.shops.findOne({ where: { ownerUserId }, order: { createdAt: 'ASC' } });
  }

  /** A shop by id, only if `ownerUserId` owns it: another merchant's shop is "not found". */
  async getOwnedShop(ownerUserId: string, shopId: string): Promise<Shop> {
    const shop = await this.shops.findOne({ where: { id: shopId, ownerUserId } });
    if (!shop) throw new NotFoundError();
    return shop;
  }

  async updateSettings(shop: ShopContext, input: ShopSettingsInput): Promise<Shop> {
    const checked = checkShopSettings(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    const row = await this.getOwnedShop(shop.ownerUserId, shop.id);
    const before = { ...row };
    Object.assign(row, checked.value);
    const saved = await this.shops.save(row);
    this.invalidate(saved.slug);
    await this.extensions.settingsSaved(before, saved);
    return saved;
  }

  /**
   * Suspends a shop (storefront unavailable, no checkout) inside `manager`'s transaction when
   * given. This process's cache is cleared here; a caller in a transaction clears it again after
   * the commit (invalidate), so no request can re-cache the old row in between.
   */
  async suspend(shopId: string, reason: string, manager?: EntityManager): Promise<ShopChange> {
    return this.change(shopId, { suspendedAt: this.clock.now(), suspendedReason: reason }, manager);
  }

  async resume(shopId: string, manager?: EntityManager): Promise<ShopChange> {
    return this.change(shopId, { suspendedAt: null, suspendedReason: null }, manager);
  }

  /** Sets (or with nulls, clears) the shop's fee-plan override. */
  async setFeePlan(
    shopId: string,
    plan: Pick<Shop, 'feeBps' | 'feeFixed'>,
    manager?: EntityManager,
  ): Promise<ShopChange> {
    return this.change(shopId, { feeBps: plan.feeBps, feeFixed: plan.feeFixed }, manager);
  }

  private async change(shopId: string, patch: Partial<Shop>, manager?: EntityManager): Promise<ShopChange> {
    const repo = manager ? manager.getRepository(Shop) : this.shops;
    const inTransaction = manager?.queryRunner?.isTransactionActive === true;
    const before = await repo.findOne({
      where: { id: shopId },
      ...(inTransaction ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!before) throw new NotFoundError('shop_not_found');
    await repo.update({ id: shopId }, patch);
    const after = await repo.findOneOrFail({ where: { id: shopId } });
    this.invalidate(before.slug);
    return { before, after };
  }

  invalidate(slug: string): void {
    this.bySlug.delete(slug);
  }
}

/** A shop row before and after an admin change, for the audit log. */
export interface ShopChange {
  before: Shop;
  after: Shop;
}
