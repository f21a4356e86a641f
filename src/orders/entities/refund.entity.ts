import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { Order } from './order.entity.js';
import { RefundNotFound } from '../orders.errors.js';

export enum RefundStatus {
  /** Asked for; the call to Stripe has not answered yet. */
  Pending = 'pending',
  /** Stripe was unreachable: retried with the same idempotency key, so exactly one refund happens. */
  PendingRetry = 'pending_retry',
  Succeeded = 'succeeded',
  Failed = 'failed',
  Canceled = 'canceled',
}

/**
 * A refund of an order on the shop's connected account, whichever side started it: the
 * merchant here (with `idempotencyKey`), or Stripe's dashboard (learnt from `charge.refunded`).
 */
@Entity({ name: 'shop_refund' })
@Index('ix_shop_refund_order', ['shopId', 'orderId'])
@Index('uq_shop_refund_stripe', ['stripeRefundId'], { unique: true, where: 'stripe_refund_id IS NOT NULL' })
@Index('uq_shop_refund_idempotency', ['idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
export class Refund {
  /** What findInShop throws for a missing or foreign refund. */
  static notFound(): Error {
    return new RefundNotFound();
  }

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shop_refund' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_shop_refund_order' })
  order?: Relation<Order>;

  @Column({ type: 'integer' })
  amount!: number;

  /** The part of `amount` that pays back the order's shipping (the "Refund shipping" box). */
  @Column({ name: 'shipping_amount', type: 'integer', default: 0 })
  shippingAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16, default: RefundStatus.Pending })
  status!: RefundStatus;

  @Column({ name: 'refund_application_fee', type: 'boolean', default: false })
  refundApplicationFee!: boolean;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'stripe_refund_id', type: 'text', nullable: true })
  stripeRefundId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
