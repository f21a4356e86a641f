import { Injectable, SetMetadata, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { discoverMethods } from '../common/discover-methods.js';
import type { Shop } from './entities/shop.entity.js';
import { mergeShopStats, type ShopStats } from './shop-stats.js';

const SHOP_STATS_SOURCE = Symbol('shop-stats-source');
const SHOP_SETTINGS_SAVED = Symbol('shop-settings-saved');

/**
 * Marks a provider method `(shopId) => Promise<ShopStats>` as a module's part of the figures on
 * the admin's shop page (the catalog its products, orders its sales and fees).
 */
export const ShopStatsSource = (): MethodDecorator => SetMetadata(SHOP_STATS_SOURCE, true);

/**
 * Marks a provider method `(before, after) => Promise<void>` to run after a merchant saves the
 * shop's settings (e.g. onboarding pushes the name and brand colour to Stripe).
 */
export const OnShopSettingsSaved = (): MethodDecorator => SetMetadata(SHOP_SETTINGS_SAVED, true);

type StatsSourceFn = (shopId: string) => Promise<ShopStats>;
type SettingsSavedFn = (before: Shop, after: Shop) => Promise<void>;

/**
 * The shops' extension points, found at boot by decorator (as the Stripe event handlers are), so
 * tenants (and the admin) depend on none of the modules that extend them.
 */
@Injectable()
export class ShopExtensions implements OnModuleInit {
  private statsSources: StatsSourceFn[] = [];
  private settingsListeners: SettingsSavedFn[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const tools = { discovery: this.discovery, scanner: this.scanner, reflector: this.reflector };
    this.statsSources = discoverMethods<true, StatsSourceFn>(tools, SHOP_STATS_SOURCE).map((m) => m.fn);
    this.settingsListeners = discoverMethods<true, SettingsSavedFn>(tools, SHOP_SETTINGS_SAVED).map(
      (m) => m.fn,
    );
  }

  /** Every source's figures, merged (mergeShopStats). */
  async statsFor(shopId: string): Promise<ShopStats> {
    return mergeShopStats(await Promise.all(this.statsSources.map((source) => source(shopId))));
  }

  /** Runs every settings listener, in turn. */
  async settingsSaved(before: Shop, after: Shop): Promise<void> {
    for (const listener of this.settingsListeners) await listener(before, after);
  }
}
