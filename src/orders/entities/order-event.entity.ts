import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Order } from './order.entity.js';

/** One entry of an order's timeline: what moved it, when, and which Stripe event said so. */
@Entity({ name: 'shop_order_event' })
@Index('ix_shop_order_event_order', ['shopId', 'orderId', 'at'])
export class OrderEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shop_order_event' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_shop_order_event_order' })
  order?: Relation<Order>;

  /** e.g. `created`, `checkout_started`, `paid`, `payment_failed`, `refund`, `dispute`, `fulfilment`. */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb', default: {} })
  detail!: Record<string, unknown>;

  @Column({ name: 'stripe_event_id', type: 'text', nullable: true })
  stripeEventId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}
