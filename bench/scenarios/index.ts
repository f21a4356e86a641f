import { checkout } from './checkout.ts';
import { collectionGrowth, searchGrowth } from './discovery.ts';
import { ordersGrowth, productsGrowth, shopsGrowth } from './growth.ts';
import { orders } from './orders.ts';
import type { Scenario } from './scenario.ts';
import { cart, home, product } from './storefront.ts';
import { webhook } from './webhook.ts';

/** The scenarios of every run (or those named in `--only`), in this order. */
export const SCENARIOS: Scenario[] = [home, product, cart, checkout, webhook, orders];

/** The growth runs: all of them with `--full`, or those named in `--only` (with or without it). */
export const GROWTH_SCENARIOS: Scenario[] = [
  productsGrowth,
  shopsGrowth,
  ordersGrowth,
  searchGrowth,
  collectionGrowth,
];
