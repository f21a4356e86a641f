import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CheckoutRateLimited } from './checkout.errors.js';

const WINDOW_SECONDS = 15 * 60;

/**
 * Counts new Checkout Sessions per shopper (the cart id cookie) and per IP in Postgres
 * (`checkout_throttle`, shared by every process), so nobody can hold a shop's stock with a
 * stream of abandoned sessions. A reused session costs nothing; only new ones count.
 */
@Injectable()
export class CheckoutThrottle {
  private readonly byShopper: RateLimiterPostgres;
  private readonly byIp: RateLimiterPostgres;

  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    const pool = (dataSource.driver as PostgresDriver).master as object;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      tableName: 'checkout_throttle',
      tableCreated: true,
      duration: WINDOW_SECONDS,
    };
    this.byShopper = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'cart',
      points: config.checkout.limitPerShopper,
    });
    this.byIp = new RateLimiterPostgres({ ...common, keyPrefix: 'ip', points: config.checkout.limitPerIp });
  }

  /** Counts one new session; throws CheckoutRateLimited when either limit is used up. */
  async consume(shopId: string, cartId: string, ip: string): Promise<void> {
    const results = await Promise.allSettled([
      this.byShopper.consume(`${shopId}:${cartId}`),
      this.byIp.consume(ip),
    ]);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (!refused.length) return;
    const limits = refused.filter((e): e is RateLimiterRes => e instanceof RateLimiterRes);
    if (limits.length !== refused.length) throw refused.find((e) => !(e instanceof RateLimiterRes));
    throw new CheckoutRateLimited(Math.max(...limits.map((l) => l.msBeforeNext)) / 1000);
  }
}
