import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Order } from './order.entity.js';

/** A line of an order, copied from the cart at checkout: later product edits do not change it. */
@Entity({ name: 'shop_order_item' })
@Index('ix_shop_order_item_order', ['shopId', 'orderId'])
export class OrderItem {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shop_order_item' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_shop_order_item_order' })
  order?: Relation<Order>;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  /** The variant bought (its stock is held and restocked); null only on rows older than variants. */
  @Column({ name: 'variant_id', type: 'uuid', nullable: true })
  variantId!: string | null;

  /** The product's name, with the variant's values when it has options ("Mug — Blue / Large"). */
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'unit_amount', type: 'integer' })
  unitAmount!: number;

  @Column({ type: 'integer' })
  quantity!: number;

  /** The Price on the connected account that the Checkout Session's line item used. */
  /** Units put back into stock by refunds of this line. */
  @Column({ name: 'restocked_quantity', type: 'integer', default: 0 })
  restockedQuantity!: number;

  @Column({ name: 'stripe_price_id', type: 'text', nullable: true })
  stripePriceId!: string | null;
}
