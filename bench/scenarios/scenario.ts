import type pg from 'pg';
import type { Bench } from '../harness/bench.ts';
import type { BenchShop } from '../harness/seed.ts';
import type { Growth, Row } from '../harness/types.ts';
import type { WebhookResult } from './webhook.ts';

/** What every scenario gets: the runner, the database, the app's port and the seeded shops. */
export interface ScenarioContext {
  bench: Bench;
  db: pg.Client;
  appPort: number;
  shops: Map<string, BenchShop>;
  /** `<slug>.localhost:<app port>`: a shop's Host header. */
  shopHost(slug: string): string;
  /** A product in stock in the `big` shop, and in the `cart` shop. */
  bigProduct: string;
  cartProduct: string;
  /** Whether a scenario is in this run (`--only`). */
  want(name: string): boolean;
}

export interface ScenarioResult {
  rows?: Row[];
  growth?: Growth[];
  webhook?: WebhookResult;
}

/** A scenario, named as `--only=` names it. */
export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}
