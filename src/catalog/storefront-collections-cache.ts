import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CacheInvalidation } from '../database/cache-invalidation.js';
import type { ShopContext } from '../tenants/shop-context.js';
import {
  NAV_COLLECTIONS_MAX,
  StorefrontCatalogService,
  type ShopCollection,
} from './storefront-catalog.service.js';

/** Invalidation topic of the storefront's per-process collections cache (key: the shop id). */
export const COLLECTIONS_TOPIC = 'collections';

/**
 * The shop header's collections, read on every shop page: kept per process for the shop cache's
 * TTL, and forgotten at once in every process when the merchant changes a collection
 * (CollectionsService publishes on COLLECTIONS_TOPIC at its commit). Same rules as the slug
 * cache of TenantService: a read that raced an invalidation is not kept.
 */
@Injectable()
export class StorefrontCollectionsCache {
  private readonly byShop = new Map<string, { collections: ShopCollection[]; until: number }>();
  private generation = 0;

  constructor(
    private readonly catalog: StorefrontCatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    caches: CacheInvalidation,
  ) {
    caches.subscribe(COLLECTIONS_TOPIC, {
      invalidate: (shopId) => this.forget(shopId),
      reset: () => {
        this.generation++;
        this.byShop.clear();
      },
    });
  }

  /** Forgets a shop's collections in this process (others hear of it by notification). */
  forget(shopId: string): void {
    this.generation++;
    this.byShop.delete(shopId);
  }

  async navigation(shop: ShopContext): Promise<ShopCollection[]> {
    const now = Date.now();
    const hit = this.byShop.get(shop.id);
    if (hit && hit.until > now) return hit.collections;
    const generation = this.generation;
    const collections = await this.catalog.collections(shop, NAV_COLLECTIONS_MAX);
    if (generation === this.generation) {
      this.byShop.set(shop.id, { collections, until: now + this.config.shopCacheTtlMs });
      if (this.byShop.size > 10_000) this.byShop.clear();
    }
    return collections;
  }
}
