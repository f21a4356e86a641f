import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { MailService } from '../mail/mail.service.js';
import { formatMoney } from '../common/money.js';
import { intlLocale } from '../common/intl-locale.js';
import { t } from '../common/i18n.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { OrderEvent } from './entities/order-event.entity.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { Refund } from './entities/refund.entity.js';
import { canMoveFulfilment, FULFILLABLE_STATUSES, FulfilmentStatus } from './order-status.js';
import { encodeCursor, ORDER_PAGE_SIZE, orderListQuery, type OrderListFilter } from './order-list.js';
import { InvalidFulfilmentMove, OrderNotFulfillable } from './orders.errors.js';
import { message } from '../common/domain-error.js';
import { recordTimeline } from './order-timeline.js';
import { findInShop } from '../database/find-in-shop.js';

/** A few shapes of list query (status kind × search kind × cursor): one prepared name each. */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `order-list-${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** The columns the order list shows: read as plain rows, not entities (the list's hot path). */
export type OrderListRow = Pick<
  Order,
  | 'id'
  | 'number'
  | 'createdAt'
  | 'customerEmail'
  | 'status'
  | 'totalAmount'
  | 'applicationFeeAmount'
  | 'amountRefunded'
  | 'currency'
  | 'fulfilmentStatus'
  | 'disputeStatus'
>;

export interface OrderPage {
  orders: OrderListRow[];
  /** Cursor of the next (older) page, or null on the last one. */
  next: string | null;
}

export interface OrderDetail {
  order: Order;
  items: OrderItem[];
  events: OrderEvent[];
  refunds: Refund[];
}

/**
 * The merchant's side of orders after the sale: the list, one order in full, and fulfilment.
 * Every query names the shop; another shop's order is OrderNotFound.
 */
@Injectable()
export class OrdersService {
  private readonly pool: Pool;

  constructor(
    private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {
    this.pool = (db.driver as PostgresDriver).master as Pool;
  }

  async list(shop: ShopContext, filter: OrderListFilter): Promise<OrderPage> {
    const { sql, params } = orderListQuery(shop.id, filter, ORDER_PAGE_SIZE);
    // Plain rows (pg parses the integers and the timestamp): no entity hydration for 51 rows.
    // Straight to pg's pool, as a named statement (one per shape of filter): prepared once per
    // connection, so the list is not planned again on every page.
    const { rows } = await this.pool.query<OrderListRow & { cursor_at: string }>({
      name: statementName(sql),
      text: sql,
      values: params,
    });
    const hasMore = rows.length > ORDER_PAGE_SIZE;
    const page = hasMore ? rows.slice(0, -1) : rows;
    const last = page.at(-1);
    return {
      orders: page.map(({ cursor_at: _cursor, ...row }) => row),
      next: hasMore && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  }

  async get(shop: ShopContext, orderId: string, manager: EntityManager = this.db.manager): Promise<Order> {
    return findInShop(manager, Order, shop, orderId);
  }

  /** The order row locked (SELECT … FOR UPDATE) until the caller's transaction ends. */
  async getForUpdate(shop: ShopContext, orderId: string, manager: EntityManager): Promise<Order> {
    return findInShop(manager, Order, shop, orderId, { lock: true });
  }

  async detail(shop: ShopContext, orderId: string): Promise<OrderDetail> {
    const order = await this.get(shop, orderId);
    const where = { shopId: shop.id, orderId: order.id };
    const [items, events, refunds] = await Promise.all([
      this.db.manager.find(OrderItem, { where, order: { name: 'ASC' } }),
      this.db.manager.find(OrderEvent, { where, order: { at: 'ASC' } }),
      this.db.manager.find(Refund, { where, order: { createdAt: 'ASC' } }),
    ]);
    return { order, items, events, refunds };
  }

  /**
   * Moves fulfilment forward (unfulfilled → fulfilled → shipped) on a paid or partially refunded
   * order (anything else is OrderNotFulfillable), with an optional tracking note mailed to the
   * shopper and an `order.fulfilment` audit entry, all in the same transaction.
   */
  async moveFulfilment(
    shop: ShopContext,
    actor: AuthUser,
    orderId: string,
    to: FulfilmentStatus,
    trackingNote: string | undefined,
  ): Promise<Order> {
    return this.db.transaction(async (manager) => {
      const fresh = await this.getForUpdate(shop, orderId, manager);
      // A service rule, not only hidden buttons: a pending checkout may never be paid, and a
      // fully refunded order has nothing left to ship.
      if (!FULFILLABLE_STATUSES.includes(fresh.status)) throw new OrderNotFulfillable();
      if (!canMoveFulfilment(fresh.fulfilmentStatus, to))
        throw new InvalidFulfilmentMove(
          message('errors.orders.fulfilmentAlready', {
            status: message(`errors.orders.fulfilmentStatus.${fresh.fulfilmentStatus}`),
          }),
        );
      const note = trackingNote?.trim() || null;
      await manager.update(
        Order,
        { id: fresh.id, shopId: shop.id },
        { fulfilmentStatus: to, ...(note ? { trackingNote: note } : {}) },
      );
      await recordTimeline(manager, fresh, 'fulfilment', {
        from: fresh.fulfilmentStatus,
        to,
        trackingNote: note,
        byUserId: actor.id,
      });
      await this.audit.record(
        actor,
        {
          action: 'order.fulfilment',
          targetType: 'order',
          targetId: fresh.id,
          shopId: shop.id,
          before: { fulfilmentStatus: fresh.fulfilmentStatus, trackingNote: fresh.trackingNote },
          after: { fulfilmentStatus: to, trackingNote: note ?? fresh.trackingNote },
        },
        manager,
      );
      if (fresh.customerEmail) {
        // In the shopper's language, the one they ordered in (the order keeps it).
        const lang = fresh.language;
        const values = {
          number: fresh.number,
          shop: shop.name,
          status: t(lang, `shopperMail.fulfilment.status.${to}`),
        };
        const lines = [
          t(lang, 'shopperMail.fulfilment.body', values),
          t(lang, 'shopperMail.total', {
            total: formatMoney(fresh.totalAmount, fresh.currency, intlLocale(lang)),
          }),
        ];
        if (note) lines.push('', t(lang, 'shopperMail.fulfilment.tracking', { note }));
        await this.mail.enqueue(
          {
            to: fresh.customerEmail,
            subject: t(lang, 'shopperMail.fulfilment.subject', values),
            text: lines.join('\n'),
          },
          manager,
        );
      }
      return { ...fresh, fulfilmentStatus: to, trackingNote: note ?? fresh.trackingNote };
    });
  }
}
