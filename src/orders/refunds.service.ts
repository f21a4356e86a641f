import { randomUUID } from 'node:crypto';
import { intlLocale } from '../common/intl-locale.js';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import Stripe from 'stripe';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { describeStripeError } from '../stripe/stripe-errors.js';
import { message, translate, type Message } from '../common/domain-error.js';
import { DEFAULT_LANGUAGE } from '../common/i18n.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { formatMoney } from '../common/money.js';
import { Order } from './entities/order.entity.js';
import { Refund, RefundStatus } from './entities/refund.entity.js';
import { PAID_STATUSES } from './order-status.js';
import {
  REFUND_DISCONNECTED_MESSAGE,
  RefundNeedsConnectedAccount,
  RefundRefused,
  RefundRejectedByStripe,
} from './orders.errors.js';
import { OrdersService } from './orders.service.js';
import { recordTimeline } from './order-timeline.js';
import {
  recordStripeRefund,
  REFUND_ID_METADATA,
  RESERVING_STATUSES,
  settleRefundTotals,
} from './refund-ledger.js';
import { findInShop } from '../database/find-in-shop.js';
import { isUuid } from '../common/uuid.js';
import { OrderItem } from './entities/order-item.entity.js';
import { releaseStock, type StockLine } from './stock.js';
import { refundKey } from '../stripe/idempotency-keys.js';

export const REFUND_RETRY_JOB = defineJob<{ shopId: string; refundId: string }>('orders.refund-retry', {
  retryLimit: 20,
  retryDelay: 30,
  retryBackoff: true,
});

/** A refund still `pending` this long after it was asked for is taken to have lost its caller. */
const STALE_PENDING_MS = 60_000;

/** Units of one order line to put back into stock with a refund. */
export interface RestockRequest {
  itemId: string;
  quantity: number;
}
/** The safety-net job runs this long after a refund is reserved (a no-op once it settled). */
const SAFETY_NET_SECONDS = 120;

/**
 * Refunds made by the merchant, on the shop's connected account.
 *
 * Invariants: the amount is reserved first, as a `pending` Refund row, while the order row is
 * locked (`SELECT … FOR UPDATE`), so concurrent requests can never reserve more than the total;
 * Stripe is called outside that lock with the row id as idempotency key, so every retry (the
 * SDK's, the job's) is the same refund and Stripe makes exactly one. A Stripe outage leaves the
 * row `pending_retry` and REFUND_RETRY_JOB tries again; a refusal (4xx) marks it `failed`,
 * which frees its amount.
 */
@Injectable()
export class RefundsService implements OnModuleInit {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(REFUND_RETRY_JOB, ({ shopId, refundId }) => this.retry(shopId, refundId), {
      concurrency: 1,
    });
  }

  /** What can still be refunded: the total less what is refunded or reserved. */
  async refundable(shop: ShopContext, order: Order): Promise<number> {
    return order.totalAmount - (await this.taken(order));
  }

  /**
   * Why no refund can be asked for now, in the merchant's words, or null: a shop whose Stripe
   * account was disconnected cannot refund until it reconnects (the form is hidden meanwhile).
   */
  async refundBlock(shop: ShopContext, manager = this.db.manager): Promise<Message | null> {
    const row = await manager.findOne(Shop, {
      select: { id: true, stripeAccountId: true, stripeDisconnectedAt: true },
      where: { id: shop.id },
    });
    return !row?.stripeAccountId || row.stripeDisconnectedAt ? REFUND_DISCONNECTED_MESSAGE : null;
  }

  async get(shop: ShopContext, orderId: string, refundId: string): Promise<Refund> {
    const order = await this.orders.get(shop, orderId);
    return findInShop(this.db.manager, Refund, shop, refundId, { where: { orderId: order.id } });
  }

  /**
   * Refunds `amount` (minor units) of a paid order. Returns the refund as it stands: succeeded
   * (or pending at Stripe), or pending_retry when Stripe could not be reached. The audit entry
   * (`refund.request`) is written with the reservation, so a reserved refund always has one.
   */
  async requestRefund(
    shop: ShopContext,
    actor: AuthUser,
    orderId: string,
    amount: number,
    reason?: string,
    restock: readonly RestockRequest[] = [],
    options: { shipping?: boolean } = {},
  ): Promise<Refund> {
    const refund = await this.db.transaction(async (manager) => {
      const order = await this.orders.getForUpdate(shop, orderId, manager);
      // Another order's (or shop's) line is not found, before anything moves.
      await this.restockableLines(manager, shop, order.id, restock);
      // Before anything is reserved: the order stays exactly as it was.
      if (await this.refundBlock(shop, manager)) throw new RefundNeedsConnectedAccount();
      if (!PAID_STATUSES.includes(order.status) || (!order.stripePaymentIntentId && !order.stripeChargeId))
        throw new RefundRefused(message('errors.orders.refundNotPaid'));
      // "Refund shipping": the order's shipping not yet refunded (or reserved) is added, once.
      let shippingPart = 0;
      if (options.shipping) {
        shippingPart = (order.shippingAmount ?? 0) - (await this.shippingTaken(order, manager));
        if (shippingPart <= 0) throw new RefundRefused(message('shipping.refund.alreadyRefunded'));
        amount += shippingPart;
      }
      if (!Number.isSafeInteger(amount) || amount < 1)
        throw new RefundRefused(message('errors.orders.refundAmountMissing'));
      const taken = await this.taken(order, manager);
      const remaining = order.totalAmount - taken;
      if (remaining <= 0) throw new RefundRefused(message('errors.orders.refundNothingLeft'));
      if (amount > remaining)
        throw new RefundRefused(
          message('errors.orders.refundTooMuch', {
            remaining: (lang) => formatMoney(remaining, order.currency, intlLocale(lang)),
            asked: (lang) => formatMoney(amount, order.currency, intlLocale(lang)),
          }),
        );
      const id = randomUUID();
      const row = manager.getRepository(Refund).create({
        id,
        shopId: shop.id,
        orderId: order.id,
        amount,
        shippingAmount: shippingPart,
        currency: order.currency,
        status: RefundStatus.Pending,
        refundApplicationFee: this.config.refundApplicationFee,
        reason: reason ?? null,
        idempotencyKey: refundKey(id),
        createdByUserId: actor.id,
      });
      await manager.insert(Refund, row);
      await recordTimeline(manager, order, 'refund_requested', { refundId: id, amount, byUserId: actor.id });
      await this.audit.record(
        actor,
        {
          action: 'refund.request',
          targetType: 'order',
          targetId: order.id,
          shopId: shop.id,
          before: { refunded: taken, refundable: remaining, currency: order.currency, status: order.status },
          after: {
            refunded: taken + amount,
            refundable: remaining - amount,
            currency: order.currency,
            refundId: id,
            amount,
            ...(shippingPart ? { shipping: shippingPart } : {}),
            refundApplicationFee: row.refundApplicationFee,
          },
          reason: reason ?? null,
        },
        manager,
      );
      // If this process dies before Stripe answers, the job finds the row still pending.
      await this.queue.send(
        REFUND_RETRY_JOB,
        { shopId: shop.id, refundId: id },
        { manager, startAfter: SAFETY_NET_SECONDS },
      );
      return row;
    });
    const attempted = await this.attempt(shop.id, refund.id, { throwOnRefusal: true });
    // Only once Stripe took the refund (or will, on retry with the same key): a refused one
    // throws above and puts nothing back.
    if (restock.length) await this.restock(shop, actor, refund.orderId, restock);
    return attempted;
  }

  /**
   * Puts units of an order's lines back into their variants' stock (a refunded item returned).
   * At most what each line sold: `restocked_quantity` only grows, under the order's lock, so a
   * double submit or concurrent ones never put more back than was bought.
   */
  async restock(
    shop: ShopContext,
    actor: AuthUser,
    orderId: string,
    requests: readonly RestockRequest[],
  ): Promise<number> {
    return this.db.transaction(async (manager) => {
      const order = await this.orders.getForUpdate(shop, orderId, manager);
      const lines = await this.restockableLines(manager, shop, order.id, requests);
      const moved: StockLine[] = [];
      for (const { item, quantity } of lines) {
        const n = Math.min(quantity, item.quantity - item.restockedQuantity);
        if (n <= 0) continue;
        await manager.update(
          OrderItem,
          { id: item.id, shopId: shop.id, orderId: order.id },
          { restockedQuantity: item.restockedQuantity + n },
        );
        moved.push({ productId: item.productId, variantId: item.variantId, quantity: n });
      }
      if (!moved.length) return 0;
      await releaseStock(manager, shop.id, moved);
      const units = moved.reduce((sum, l) => sum + l.quantity, 0);
      await recordTimeline(manager, order, 'restocked', { units, byUserId: actor.id });
      await this.audit.record(
        actor,
        {
          action: 'order.restock',
          targetType: 'order',
          targetId: order.id,
          shopId: shop.id,
          before: null,
          after: { lines: moved.map((l) => ({ variantId: l.variantId, quantity: l.quantity })) },
          reason: null,
        },
        manager,
      );
      return units;
    });
  }

  /** The order's lines named by `requests` (locked); one that is not of this order: OrderNotFound. */
  private async restockableLines(
    manager: EntityManager,
    shop: ShopContext,
    orderId: string,
    requests: readonly RestockRequest[],
  ): Promise<Array<{ item: OrderItem; quantity: number }>> {
    if (!requests.length) return [];
    if (requests.some((r) => !isUuid(r.itemId) || !Number.isSafeInteger(r.quantity) || r.quantity < 1)) {
      throw Order.notFound();
    }
    const items = await manager.find(OrderItem, {
      where: { shopId: shop.id, orderId, id: In(requests.map((r) => r.itemId)) },
      lock: { mode: 'pessimistic_write' },
    });
    const byId = new Map(items.map((i) => [i.id, i]));
    return requests.map((r) => {
      const item = byId.get(r.itemId);
      if (!item) throw Order.notFound();
      return { item, quantity: r.quantity };
    });
  }

  /** The job's entry: tries again a refund Stripe has not answered; throws to be retried later. */
  async retry(shopId: string, refundId: string): Promise<void> {
    const row = await this.db.manager.findOne(Refund, { where: { id: refundId, shopId } });
    if (!row) return;
    const stale =
      row.status === RefundStatus.Pending && Date.now() - row.updatedAt.getTime() > STALE_PENDING_MS;
    if (row.status !== RefundStatus.PendingRetry && !stale) return;
    const after = await this.attempt(shopId, refundId, { throwOnRefusal: false });
    if (after.status === RefundStatus.PendingRetry)
      throw new Error(`refund ${refundId} still waits for Stripe`);
  }

  private async attempt(
    shopId: string,
    refundId: string,
    opts: { throwOnRefusal: boolean },
  ): Promise<Refund> {
    const row = await this.db.manager.findOneOrFail(Refund, { where: { id: refundId, shopId } });
    const order = await this.db.manager.findOneOrFail(Order, { where: { id: row.orderId, shopId } });
    const account = order.stripeAccountId;
    let answer: Stripe.Refund;
    try {
      answer = await this.stripe.refunds.create(
        {
          ...(order.stripePaymentIntentId
            ? { payment_intent: order.stripePaymentIntentId }
            : { charge: order.stripeChargeId! }),
          amount: row.amount,
          refund_application_fee: row.refundApplicationFee,
          ...(row.reason ? { reason: row.reason } : {}),
          metadata: { [REFUND_ID_METADATA]: row.id, comptoir_order_id: order.id },
        },
        { ...(account ? { stripeAccount: account } : {}), idempotencyKey: row.idempotencyKey! },
      );
    } catch (err) {
      return this.recordError(row, order, err, opts);
    }
    return this.db.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(Order, {
        where: { id: order.id, shopId },
        lock: { mode: 'pessimistic_write' },
      });
      await manager.increment(Refund, { id: row.id, shopId }, 'attempts', 1);
      const saved = await recordStripeRefund(manager, locked, answer, null);
      await settleRefundTotals(manager, locked);
      return saved;
    });
  }

  private async recordError(
    row: Refund,
    order: Order,
    err: unknown,
    opts: { throwOnRefusal: boolean },
  ): Promise<Refund> {
    // Stripe's own text goes to the log only; the row, the timeline and the page get ours.
    const raw = err instanceof Error ? err.message : String(err);
    const described = describeStripeError(err, 'refund');
    // Stored for the order's page and timeline, which print text: the English of our sentence.
    const message = translate(DEFAULT_LANGUAGE, described.message);
    const refused = isRefusal(err);
    const status = refused ? RefundStatus.Failed : RefundStatus.PendingRetry;
    const saved = await this.db.transaction(async (manager) => {
      const current = await manager.findOneOrFail(Refund, {
        where: { id: row.id, shopId: row.shopId },
        lock: { mode: 'pessimistic_write' },
      });
      // An event may have settled it meanwhile: keep what Stripe said.
      if (![RefundStatus.Pending, RefundStatus.PendingRetry].includes(current.status)) return current;
      await manager.update(
        Refund,
        { id: row.id, shopId: row.shopId },
        { status, lastError: message.slice(0, 1000), attempts: current.attempts + 1 },
      );
      if (refused)
        await recordTimeline(manager, order, 'refund_failed', {
          refundId: row.id,
          amount: row.amount,
          reason: message,
          // By key too, so the timeline can say it in the reader's language (src/common/domain-error.ts).
          reasonText: described.message,
        });
      else if (current.status !== RefundStatus.PendingRetry) {
        await recordTimeline(manager, order, 'refund_pending_retry', {
          refundId: row.id,
          amount: row.amount,
        });
        await this.queue.send(
          REFUND_RETRY_JOB,
          { shopId: row.shopId, refundId: row.id },
          { manager, startAfter: 15 },
        );
      }
      return { ...current, status, lastError: message };
    });
    if (refused) {
      this.logger.warn({ refundId: row.id, code: described.code, err: raw }, 'refund refused by Stripe');
      if (opts.throwOnRefusal && saved.status === RefundStatus.Failed) {
        if (described.disconnected) throw new RefundNeedsConnectedAccount();
        throw new RefundRejectedByStripe(described.message);
      }
    } else
      this.logger.warn(
        { refundId: row.id, code: described.code, err: raw },
        'Stripe unreachable; the refund will be retried',
      );
    return saved;
  }

  /** Refunded or reserved so far: our reserving rows, or Stripe's total if it knows more. */
  /** The order's shipping still refundable: its amount less what refunds took (or reserve) of it. */
  async shippingRefundable(order: Order): Promise<number> {
    return Math.max(0, (order.shippingAmount ?? 0) - (await this.shippingTaken(order)));
  }

  private async shippingTaken(order: Order, manager = this.db.manager): Promise<number> {
    const rows = await manager.find(Refund, {
      where: { shopId: order.shopId, orderId: order.id, status: In(RESERVING_STATUSES) },
    });
    return rows.reduce((sum, r) => sum + r.shippingAmount, 0);
  }

  private async taken(order: Order, manager = this.db.manager): Promise<number> {
    const rows = await manager.find(Refund, {
      where: { shopId: order.shopId, orderId: order.id, status: In(RESERVING_STATUSES) },
    });
    return Math.max(
      rows.reduce((sum, r) => sum + r.amount, 0),
      order.amountRefunded,
    );
  }
}

/** A 4xx from Stripe (other than rate limits and in-flight keys) is an answer; the rest is an outage. */
function isRefusal(err: unknown): boolean {
  if (!(err instanceof Stripe.errors.StripeError)) return false;
  const status = err.statusCode;
  return status !== undefined && status >= 400 && status < 500 && status !== 409 && status !== 429;
}
