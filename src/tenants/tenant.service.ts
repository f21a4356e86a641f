import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/unique-violation.js';
import { message, NotFoundError, ValidationFailed, type Message } from '../common/domain-error.js';
import { Clock } from '../common/clock.js';
import { Shop, type ShopImage } from './entities/shop.entity.js';
import { checkNewShop, checkShopSettings, type NewShopInput, type ShopSettingsInput } from './shop-input.js';
import { defaultTimeZone } from './markets.js';
import { toShopContext, type ShopContext } from './shop-context.js';
import { defaultShopLanguages } from './shop-languages.js';
import { ShopExtensions } from './shop-extensions.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CacheInvalidation } from '../database/cache-invalidation.js';

const SHOP_TOPIC = 'shop';

/**
 * Shops (tenants). Invariants: a slug is unique and follows the slug rules; a merchant reaches a
 * shop only through `ownerUserId` (a shop of someone else is "not found"); every change
 * invalidates the slug cache of every process (CacheInvalidation: NOTIFY, at commit when made in
 * a transaction), the cache's TTL (SHOP_CACHE_TTL_MS) being only a safety net.
 */
@Injectable()
export class TenantService {
  private readonly logger = new Logger(TenantService.name);
  private readonly bySlug = new Map<string, { shop: ShopContext | null; until: number }>();
  /**
   * Bumped by every invalidation: a lookup whose query raced one (read the old row, answered after
   * the notification) must not cache what it read.
   */
  private generation = 0;

  constructor(
    @InjectRepository(Shop) private readonly shops: Repository<Shop>,
    private readonly clock: Clock,
    private readonly extensions: ShopExtensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly caches: CacheInvalidation,
  ) {
    caches.subscribe(SHOP_TOPIC, {
      invalidate: (slug) => this.forget(slug),
      reset: () => {
        this.generation++;
        this.bySlug.clear();
      },
    });
  }

  /** The storefront's lookup. Suspended shops are returned (flagged) so the caller can say so. */
  async findBySlug(slug: string): Promise<ShopContext | null> {
    const now = Date.now();
    const hit = this.bySlug.get(slug);
    if (hit && hit.until > now) return hit.shop;
    const generation = this.generation;
    const row = await this.shops.findOne({ where: { slug } });
    const shop = row ? toShopContext(row) : null;
    if (generation === this.generation) {
      this.bySlug.set(slug, { shop, until: now + this.config.shopCacheTtlMs });
      if (this.bySlug.size > 10_000) this.bySlug.clear();
    }
    return shop;
  }

  /** Every problem with a would-be shop, per form field (empty when it can be created). */
  async newShopProblems(input: NewShopInput): Promise<Record<string, Message>> {
    const checked = checkNewShop(input);
    if ('errors' in checked) return checked.errors;
    if (await this.shops.exists({ where: { slug: checked.value.slug } })) {
      return { slug: message('validation.slug.taken') };
    }
    return {};
  }

  /** Creates a shop for `ownerUserId` inside the caller's transaction. */
  async createShop(manager: EntityManager, ownerUserId: string, input: NewShopInput): Promise<Shop> {
    const checked = checkNewShop(input);
    if ('errors' in checked) throw new ValidationFailed(checked.errors);
    const repo = manager.getRepository(Shop);
    if (await repo.exists({ where: { slug: checked.value.slug } })) {
      throw new ValidationFailed({ slug: message('validation.slug.taken') });
    }
    try {
      const shop = await repo.save(
        repo.create({
          ...checked.value,
          languages: defaultShopLanguages(checked.value.country),
          timeZone: defaultTimeZone(checked.value.country),
          ownerUserId,
        }),
      );
      // Other processes may have cached "no shop here" for this slug.
      await this.caches.publish(SHOP_TOPIC, shop.slug, manager);
      this.forget(shop.slug);
      return shop;
    } catch (err) {
      if (isUniqueViolation(err, 'uq_shop_slug')) {
        throw new ValidationFailed({ slug: message('validation.slug.taken') });
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
   * Sets (or with null, clears) the shop's uploaded logo or banner; returns the one it replaces,
   * for the caller to delete from storage once this is committed. The row is locked meanwhile:
   * two uploads at once each get the other's image back, none is left in storage unreferenced.
   * Setting or clearing the logo also clears a logo path typed before uploads existed.
   */
  async setShopImage(
    shop: Pick<ShopContext, 'id' | 'slug'>,
    kind: 'logo' | 'banner',
    image: ShopImage | null,
  ): Promise<ShopImage | null> {
    const previous = await this.shops.manager.transaction(async (manager) => {
      const repo = manager.getRepository(Shop);
      const row = await repo.findOne({ where: { id: shop.id }, lock: { mode: 'pessimistic_write' } });
      if (!row) return null;
      if (kind === 'logo') {
        await repo.update({ id: shop.id }, { logoImage: image, logoPath: null });
        return row.logoImage;
      }
      await repo.update({ id: shop.id }, { bannerImage: image });
      return row.bannerImage;
    });
    this.invalidate(shop.slug);
    return previous;
  }

  /**
   * Suspends a shop (storefront unavailable, no checkout) inside `manager`'s transaction when
   * given. Every process's cache is cleared at the commit (a notification sent in the
   * transaction); this process's also at once.
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
    await this.caches.publish(SHOP_TOPIC, before.slug, manager);
    this.forget(before.slug);
    return { before, after };
  }

  /**
   * For callers that changed a shop row themselves, after their commit: every process forgets
   * the slug (this one at once, the others when the notification reaches them).
   */
  invalidate(slug: string): void {
    this.forget(slug);
    this.caches.publish(SHOP_TOPIC, slug).catch((err: unknown) => {
      // The other processes still see the change within the TTL.
      this.logger.warn({ err, slug }, 'shop cache invalidation not published');
    });
  }

  private forget(slug: string): void {
    this.generation++;
    this.bySlug.delete(slug);
  }
}

/** A shop row before and after an admin change, for the audit log. */
export interface ShopChange {
  before: Shop;
  after: Shop;
}
