import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { Order } from '../orders/entities/order.entity.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { transitionsFromSession } from './checkout-session.js';
import { OrderLifecycle } from '../orders/order-lifecycle.service.js';

export const RECONCILE_JOB = defineJob<{ afterMinutes?: number }>('checkout.reconcile', {
  retryLimit: 0,
  // One run at a time across every process: a tick while the last one runs is dropped.
  policy: 'exclusive',
});

export interface ReconcileSummary {
  checked: number;
  changed: number;
  failed: number;
}

const BATCH = 200;

/**
 * Repairs orders whose events never arrived: every order still `pending` or
 * `awaiting_payment` RECONCILE_AFTER_MINUTES after it was made gets its Checkout Session
 * retrieved from the shop's account, and the state Stripe reports is applied through
 * OrderLifecycle, the path the webhook handlers take, so running it twice (or alongside the
 * events) changes nothing more. Scheduled every RECONCILE_EVERY_MINUTES (pg-boss cron); `npm run
 * reconcile` runs it at once.
 */
@Injectable()
export class ReconciliationService implements OnModuleInit {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly lifecycle: OrderLifecycle,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(RECONCILE_JOB, async (data) => {
      await this.run({ afterMinutes: data.afterMinutes });
    });
    await this.queue.schedule(RECONCILE_JOB, `*/${this.config.checkout.reconcileEveryMinutes} * * * *`, {});
  }

  async run(options: { afterMinutes?: number } = {}): Promise<ReconcileSummary> {
    const afterMinutes = options.afterMinutes ?? this.config.checkout.reconcileAfterMinutes;
    const cutoff = new Date(this.clock.now().getTime() - afterMinutes * 60_000);
    const summary: ReconcileSummary = { checked: 0, changed: 0, failed: 0 };
    let after = new Date(0);
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ id: string; shop_id: string; created_at: Date }>>(
        `SELECT id, shop_id, created_at FROM shop_order
          WHERE status IN ('pending', 'awaiting_payment') AND created_at <= $1
            AND (created_at, id) > ($2, $3)
          ORDER BY created_at, id LIMIT $4`,
        [cutoff, after, afterId, BATCH],
      );
      for (const row of rows) {
        summary.checked++;
        try {
          if (await this.reconcileOrder(row.shop_id, row.id)) summary.changed++;
        } catch (err) {
          summary.failed++;
          this.logger.warn({ err, orderId: row.id }, 'reconciliation of an order failed; next run retries');
        }
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].created_at;
      afterId = rows[rows.length - 1].id;
    }
    if (summary.checked) this.logger.log(summary, 'checkout reconciliation');
    return summary;
  }

  /** True when the order's status moved. */
  async reconcileOrder(shopId: string, orderId: string): Promise<boolean> {
    const orders = this.dataSource.getRepository(Order);
    const order = await orders.findOne({ where: { id: orderId, shopId } });
    if (!order?.stripeAccountId) return false;
    const before = order.status;
    if (!order.stripeCheckoutSessionId) {
      // No session was recorded: none can be paid once the time it would have expired is past.
      if ((order.checkoutExpiresAt?.getTime() ?? 0) > this.clock.now().getTime()) return false;
      await this.dataSource.transaction((m) =>
        this.lifecycle.abandon(m, shopId, orderId, 'no Checkout Session was recorded before its expiry'),
      );
    } else {
      const session: Stripe.Checkout.Session = await this.stripe.checkout.sessions.retrieve(
        order.stripeCheckoutSessionId,
        { expand: ['payment_intent'] },
        { stripeAccount: order.stripeAccountId },
      );
      await this.dataSource.transaction((m) =>
        this.lifecycle.applySession(m, session, transitionsFromSession(session), {
          kind: 'reconciliation',
          account: order.stripeAccountId!,
        }),
      );
    }
    const after = await orders.findOne({ where: { id: orderId, shopId } });
    return after?.status !== before;
  }
}
