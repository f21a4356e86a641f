import { QueryCursor, QueryEnum, QueryText } from '../../web/query-params.js';
import { decodeCursor } from '../order-list.js';
import { OrderStatus } from '../order-status.js';

export class OrderListQuery {
  @QueryEnum(Object.values(OrderStatus)) status?: OrderStatus;
  /** An email or an order number. */
  @QueryText(200) q?: string;
  /** The previous page's last row; one that does not decode is a 400. */
  @QueryCursor(decodeCursor) after?: string;
}

export class OrderDetailQuery {
  @QueryEnum(['refund', 'retry', 'fulfilment']) done?: string;
}
