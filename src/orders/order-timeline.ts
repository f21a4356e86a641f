import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { OrderEvent } from './entities/order-event.entity.js';
import type { Order } from './entities/order.entity.js';

/**
 * The one writer of an order's timeline (`shop_order_event`): checkout, the lifecycle, refunds,
 * disputes and fulfilment all add their entries here, in the caller's transaction. The entry is
 * scoped to the order's shop; `stripeEventId` names the event that caused it, if one did.
 */
export async function recordTimeline(
  manager: EntityManager,
  order: Pick<Order, 'id' | 'shopId'>,
  type: string,
  detail: Record<string, unknown>,
  stripeEventId: string | null = null,
): Promise<void> {
  // A plain INSERT (no reload): the checkout path writes two of these per order.
  const entry = { shopId: order.shopId, orderId: order.id, type, detail, stripeEventId };
  await manager.insert(OrderEvent, entry as QueryDeepPartialEntity<OrderEvent>);
}
