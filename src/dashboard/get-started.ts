import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { t } from '../common/i18n.js';
import { PAID_STATUSES } from '../orders/order-status.js';
import type { ShopContext } from '../tenants/shop-context.js';

/** What the "Get started" steps are computed from. */
export interface GetStartedFacts {
  chargesEnabled: boolean;
  hasProduct: boolean;
  hasOrder: boolean;
  /** Its terms of sale have a body (a European shop must show them; checkout is not blocked). */
  hasTerms?: boolean;
}

export interface GetStartedStep {
  label: string;
  href: string;
  done: boolean;
}

/** The dashboard's "Get started" steps, each done or not from the shop's real state. */
export function getStartedSteps(lang: string, facts: GetStartedFacts, publicUrl: string): GetStartedStep[] {
  return [
    // The dashboard only exists for a merchant with a shop: this one is always done.
    { label: t(lang, 'dashboard.steps.createShop'), href: '/dashboard/settings', done: true },
    { label: t(lang, 'dashboard.steps.payments'), href: '/dashboard/payments', done: facts.chargesEnabled },
    { label: t(lang, 'dashboard.steps.product'), href: '/dashboard/products', done: facts.hasProduct },
    {
      label: t(lang, 'dashboard.steps.order'),
      href: facts.hasOrder ? '/dashboard/orders' : publicUrl,
      done: facts.hasOrder,
    },
    { label: t(lang, 'shopPages.step'), href: '/dashboard/pages/terms', done: facts.hasTerms ?? false },
  ];
}

/** Reads the facts behind the steps: EXISTS queries, each naming the shop. */
@Injectable()
export class GetStartedService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async facts(shop: ShopContext, chargesEnabled: boolean): Promise<GetStartedFacts> {
    const [row] = await this.db.query<
      Array<{ has_product: boolean; has_order: boolean; has_terms: boolean }>
    >(
      `SELECT EXISTS (SELECT 1 FROM product WHERE shop_id = $1 AND archived_at IS NULL) AS has_product,
              EXISTS (SELECT 1 FROM shop_order WHERE shop_id = $1 AND status = ANY($2)) AS has_order,
              EXISTS (SELECT 1 FROM shop_page WHERE shop_id = $1 AND kind = 'terms' AND body ~ '\\S') AS has_terms`,
      [shop.id, PAID_STATUSES],
    );
    return {
      chargesEnabled,
      hasProduct: row.has_product,
      hasOrder: row.has_order,
      hasTerms: row.has_terms,
    };
  }
}
