import { LISTED_PREDICATE, OrderStatus, UNPAID_PREDICATE } from './order-status.js';
import { InvalidOrderFilter } from './orders.errors.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `createdAt` as Postgres prints it to the microsecond (a JS Date would drop the microseconds). */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

/** Selected beside the entity so the cursor keeps created_at's full precision. */
export const CURSOR_AT_SELECT = `to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  const [createdAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !UUID.test(id) || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return Object.values(OrderStatus).includes(value as OrderStatus);
}

const MAX_SEARCH = 200;

/**
 * The list's query string (`status`, `q`, `after`) checked value by value: an unknown status, a
 * cursor this app did not make, an over-long search or a repeated parameter is InvalidOrderFilter
 * (400), not silently the unfiltered list, which would look like a filter that found everything.
 */
export function parseOrderListFilter(query: Record<string, unknown>): OrderListFilter {
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new InvalidOrderFilter(`Give "${name}" once, as text.`);
    return value;
  };
  const status = one('status');
  if (status !== undefined && status !== UNPAID && !isOrderStatus(status))
    throw new InvalidOrderFilter('Unknown order status.');
  const search = one('q');
  if (search !== undefined && search.length > MAX_SEARCH)
    throw new InvalidOrderFilter(`Search for at most ${MAX_SEARCH} characters.`);
  const after = one('after');
  if (after !== undefined && !decodeCursor(after))
    throw new InvalidOrderFilter('That page link is not valid; start again from the first page.');
  return { status, search, after };
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
