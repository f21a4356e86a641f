import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { STRIPE } from '../stripe/stripe.module.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { StripeUnavailable } from './orders.errors.js';

export interface MoneyAmount {
  amount: number;
  currency: string;
}

export interface MoneyOverview {
  connected: boolean;
  available: MoneyAmount[];
  pending: MoneyAmount[];
  /** Pending funds by the day they become available (from balance transactions), soonest first. */
  upcoming: Array<MoneyAmount & { availableOn: Date }>;
  payouts: Array<MoneyAmount & { id: string; status: string; arrivalDate: Date; failureCode: string | null }>;
}

/**
 * The connected account's money as Stripe has it, read live on each view (no copy to go
 * stale): balance per currency, funds on their way, recent payouts.
 */
@Injectable()
export class MoneyService {
  private readonly logger = new Logger(MoneyService.name);

  constructor(@Inject(STRIPE) private readonly stripe: Stripe) {}

  async overview(shop: ShopContext): Promise<MoneyOverview> {
    if (!shop.stripeAccountId)
      return { connected: false, available: [], pending: [], upcoming: [], payouts: [] };
    const opts = { stripeAccount: shop.stripeAccountId };
    try {
      const [balance, payouts, pendingTxns] = await Promise.all([
        this.stripe.balance.retrieve({}, opts),
        this.stripe.payouts.list({ limit: 10 }, opts),
        this.stripe.balanceTransactions.list({ limit: 100 }, opts),
      ]);
      const upcoming = new Map<string, MoneyAmount & { availableOn: Date }>();
      for (const txn of pendingTxns.data) {
        if (txn.status !== 'pending') continue;
        const day = new Date(txn.available_on * 1000);
        day.setUTCHours(0, 0, 0, 0);
        const key = `${day.toISOString()}|${txn.currency}`;
        const entry = upcoming.get(key) ?? { availableOn: day, currency: txn.currency, amount: 0 };
        entry.amount += txn.net;
        upcoming.set(key, entry);
      }
      return {
        connected: true,
        available: balance.available.map((b) => ({ amount: b.amount, currency: b.currency })),
        pending: balance.pending.map((b) => ({ amount: b.amount, currency: b.currency })),
        upcoming: [...upcoming.values()]
          .filter((u) => u.amount !== 0)
          .sort((a, b) => a.availableOn.getTime() - b.availableOn.getTime()),
        payouts: payouts.data.map((p) => ({
          id: p.id,
          amount: p.amount,
          currency: p.currency,
          status: p.status,
          arrivalDate: new Date(p.arrival_date * 1000),
          failureCode: p.failure_code ?? null,
        })),
      };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeError) {
        this.logger.warn({ err: err.message, shopId: shop.id }, 'balance unavailable');
        throw new StripeUnavailable();
      }
      throw err;
    }
  }
}
