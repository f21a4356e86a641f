import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Order } from './entities/order.entity.js';
import { OrderStatus } from './order-status.js';

export const ORDER_PAGE_SIZE = 50;

export interface OrderListFilter {
  status?: OrderStatus;
  /** An email (exact, case-insensitive as typed or lower-cased) or an order number (`42`, `#42`). */
  search?: string;
  /** Opaque cursor from the previous page: the last row's (created_at, id). */
  after?: string;
}

interface Cursor {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `createdAt` as Postgres prints it to the microsecond (a JS Date would drop the microseconds). */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

/** Selected beside the entity so the cursor keeps created_at's full precision. */
export const CURSOR_AT_SELECT = `to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Exactly what CURSOR_AT_SELECT prints: anything looser (`2020`) would reach the query's cast. */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor, or undefined when it is not one this app wrote (the list DTO answers 400 then). */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value || value.length > 200) return undefined;
  const parts = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (parts.length !== 2) return undefined;
  const [createdAt, id] = parts;
  if (!UUID.test(id) || !CURSOR_AT.test(createdAt)) return undefined;
  // A real instant since 1970: 2020-02-30 fits the pattern, and JavaScript rolls it over to March.
  const at = Date.parse(createdAt);
  if (!(at >= 0) || new Date(at).toISOString().slice(0, 19) !== createdAt.slice(0, 19)) return undefined;
  return { createdAt, id };
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return Object.values(OrderStatus).includes(value as OrderStatus);
}

/**
 * The one query behind the order list, newest first, keyset-paginated on (created_at, id): a
 * page deep in 100,000 orders costs what the first one does (an index range scan on
 * ix_shop_order_list, or ix_shop_order_status_list with a status), never an OFFSET walk.
 * Fetches one row more than a page to know whether another page follows.
 */
export function orderListQuery(
  manager: EntityManager,
  shopId: string,
  filter: OrderListFilter,
  pageSize = ORDER_PAGE_SIZE,
): SelectQueryBuilder<Order> {
  const qb = manager
    .getRepository(Order)
    .createQueryBuilder('o')
    .where('o.shop_id = :shopId', { shopId })
    .orderBy('o.created_at', 'DESC')
    .addOrderBy('o.id', 'DESC')
    .limit(pageSize + 1);
  if (filter.status) qb.andWhere('o.status = :status', { status: filter.status });
  const search = filter.search?.trim();
  if (search) {
    const number = /^#?(\d{1,9})$/.exec(search);
    if (number) qb.andWhere('o.number = :number', { number: Number(number[1]) });
    else
      qb.andWhere('o.customer_email IN (:...emails)', {
        emails: [...new Set([search, search.toLowerCase()])],
      });
  }
  const cursor = decodeCursor(filter.after);
  if (cursor) {
    qb.andWhere('(o.created_at, o.id) < (:cursorAt::timestamptz, :cursorId::uuid)', {
      cursorAt: cursor.createdAt,
      cursorId: cursor.id,
    });
  }
  return qb;
}
