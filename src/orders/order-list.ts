import { LISTED_PREDICATE, OrderStatus, UNPAID_PREDICATE } from './order-status.js';
import { isUuid } from '../common/uuid.js';

export const ORDER_PAGE_SIZE = 50;

/** The list's "Unpaid" filter: pending, expired and failed checkouts together. */
export const UNPAID = 'unpaid';

export interface OrderListFilter {
  /** One status, `unpaid` (UNPAID_STATUSES), or none: the orders of LISTED_STATUSES. */
  status?: OrderStatus | typeof UNPAID;
  /** An email (exact, case-insensitive as typed or lower-cased) or an order number (`42`, `#42`). */
  search?: string;
  /** Opaque cursor from the previous page: the last row's (created_at, id). */
  after?: string;
}

interface Cursor {
  createdAt: string;
  id: string;
}

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
  if (!isUuid(id) || !CURSOR_AT.test(createdAt)) return undefined;
  // A real instant since 1970: 2020-02-30 fits the pattern, and JavaScript rolls it over to March.
  const at = Date.parse(createdAt);
  if (!(at >= 0) || new Date(at).toISOString().slice(0, 19) !== createdAt.slice(0, 19)) return undefined;
  return { createdAt, id };
}

/**
 * The one query behind the order list, newest first, keyset-paginated on (created_at, id): a
 * page deep in 100,000 orders costs what the first one does (an index range scan on the partial
 * ix_shop_order_list_listed by default, ix_shop_order_list_unpaid for "Unpaid", or
 * ix_shop_order_status_list with one status), never an OFFSET walk, however many abandoned
 * checkouts sit between the paid orders.
 * Fetches one row more than a page to know whether another page follows.
 */
export function orderListQuery(
  shopId: string,
  filter: OrderListFilter,
  pageSize = ORDER_PAGE_SIZE,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [shopId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['o.shop_id = $1'];
  if (filter.status === UNPAID) where.push(`o.${UNPAID_PREDICATE}`);
  else if (filter.status) where.push(`o.status = ${param(filter.status)}`);
  else where.push(`o.${LISTED_PREDICATE}`);
  const search = filter.search?.trim();
  if (search) {
    const number = /^#?(\d{1,9})$/.exec(search);
    if (number) where.push(`o.number = ${param(Number(number[1]))}`);
    else where.push(`o.customer_email = ANY(${param([...new Set([search, search.toLowerCase()])])}::text[])`);
  }
  const cursor = decodeCursor(filter.after);
  if (cursor)
    where.push(`(o.created_at, o.id) < (${param(cursor.createdAt)}::timestamptz, ${param(cursor.id)}::uuid)`);
  // Written by hand, not with TypeORM's query builder: this runs on every list page and the
  // builder's work (and entity hydration) cost more than the query itself.
  const sql = `SELECT ${LIST_SELECT} FROM shop_order o WHERE ${where.join(' AND ')}
    ORDER BY o.created_at DESC, o.id DESC LIMIT ${param(pageSize + 1)}`;
  return { sql, params };
}

/** The list's columns, aliased as OrderListRow's fields, plus the cursor. */
const LIST_SELECT = [
  'o.id',
  'o.number',
  'o.created_at AS "createdAt"',
  'o.customer_email AS "customerEmail"',
  'o.status',
  'o.total_amount AS "totalAmount"',
  'o.application_fee_amount AS "applicationFeeAmount"',
  'o.amount_refunded AS "amountRefunded"',
  'o.currency',
  'o.fulfilment_status AS "fulfilmentStatus"',
  'o.dispute_status AS "disputeStatus"',
  `${CURSOR_AT_SELECT} AS cursor_at`,
].join(', ');
