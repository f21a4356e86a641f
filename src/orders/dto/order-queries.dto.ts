import { QueryCursor, QueryEnum, QueryText } from '../../web/query-params.js';
import { decodeCursor, UNPAID } from '../order-list.js';
import { OrderStatus } from '../order-status.js';

export class OrderListQuery {
  /** One status, or "unpaid" (pending, expired and failed together). */
  @QueryEnum([...Object.values(OrderStatus), UNPAID]) status?: OrderStatus | typeof UNPAID;
  /** An email or an order number. */
  @QueryText(200) q?: string;
  /** The previous page's last row; one that does not decode is a 400. */
  @QueryCursor(decodeCursor) after?: string;
}

export class OrderDetailQuery {
  @QueryEnum(['refund', 'retry', 'fulfilment']) done?: string;
}
