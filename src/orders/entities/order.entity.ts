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
import { Shop } from '../../tenants/entities/shop.entity.js';
import { FulfilmentStatus, LISTED_PREDICATE, OrderStatus, UNPAID_PREDICATE } from '../order-status.js';
import { OrderNotFound } from '../orders.errors.js';

export interface ShippingAddress {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postal_code: string | null;
  state: string | null;
  country: string | null;
}

/**
 * One shipping rate offered when the order's session was made: the rate's id (our
 * `shipping_rate` row, in the option's metadata), its name, its amount for this cart and its
 * delivery estimate. Stored so the session's `shipping_options` derive from the order only.
 */
export interface OfferedShipping {
  rateId: string;
  kind: string;
  name: string;
  amount: number;
  minDays: number | null;
  maxDays: number | null;
}

/**
 * A shopper's order in one shop: the cart copied at checkout (items, amounts, currency, the
 * platform fee computed once), then driven by Stripe's events through `OrderStatus`. Money is
 * integer minor units in the shop's currency. `number` is the short, per-shop order number
 * shoppers and merchants quote.
 */
@Entity({ name: 'shop_order' })
@Index('uq_shop_order_number', ['shopId', 'number'], { unique: true })
@Index('uq_shop_order_checkout_session', ['stripeCheckoutSessionId'], {
  unique: true,
  where: 'stripe_checkout_session_id IS NOT NULL',
})
@Index('ix_shop_order_list', ['shopId', 'createdAt', 'id'])
// [orders]: the list's default (paid, refunded, awaiting payment) and its "Unpaid" filter each walk
// their own rows only, however many abandoned checkouts there are.
@Index('ix_shop_order_list_listed', ['shopId', 'createdAt', 'id'], { where: LISTED_PREDICATE })
@Index('ix_shop_order_list_unpaid', ['shopId', 'createdAt', 'id'], { where: UNPAID_PREDICATE })
@Index('ix_shop_order_status', ['shopId', 'status', 'createdAt'])
@Index('ix_shop_order_email', ['shopId', 'customerEmail'])
// [orders]: the status-filtered list is keyset-paginated on (created_at, id) too.
@Index('ix_shop_order_status_list', ['shopId', 'status', 'createdAt', 'id'])
// [orders]: charge.refunded / refund.* / charge.dispute.* find the order by its charge or intent.
@Index('ix_shop_order_charge', ['stripeChargeId'], { where: 'stripe_charge_id IS NOT NULL' })
@Index('ix_shop_order_payment_intent', ['stripePaymentIntentId'], {
  where: 'stripe_payment_intent_id IS NOT NULL',
})
@Index('ix_shop_order_open_cart', ['shopId', 'cartId'], { where: "status = 'pending'" })
@Index('ix_shop_order_unsettled', ['status', 'createdAt'], {
  where: "status IN ('pending', 'awaiting_payment')",
})
export class Order {
  /** What findInShop throws for a missing or foreign order. */
  static notFound(): Error {
    return new OrderNotFound();
  }

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shop_order' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_shop_order_shop' })
  shop?: Relation<Shop>;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 24, default: OrderStatus.Pending })
  status!: OrderStatus;

  @Column({ name: 'fulfilment_status', type: 'varchar', length: 16, default: FulfilmentStatus.Unfulfilled })
  fulfilmentStatus!: FulfilmentStatus;

  @Column({ name: 'tracking_note', type: 'text', nullable: true })
  trackingNote!: string | null;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** Goods (− discounts) + shipping once Checkout completes; the goods alone until then. */
  @Column({ name: 'total_amount', type: 'integer' })
  totalAmount!: number;

  /** The platform's application fee, computed once from the shop's fee plan at checkout. */
  @Column({ name: 'application_fee_amount', type: 'integer' })
  applicationFeeAmount!: number;

  /** Cumulative, as Stripe reports it on the charge (`amount_refunded`). */
  @Column({ name: 'amount_refunded', type: 'integer', default: 0 })
  amountRefunded!: number;

  /** The part of the application fee returned to the merchant by refunds. */
  @Column({ name: 'fee_refunded_amount', type: 'integer', default: 0 })
  feeRefundedAmount!: number;

  @Column({ name: 'customer_email', type: 'text', nullable: true })
  customerEmail!: string | null;

  /**
   * The shopper's language at checkout (a catalog code): Checkout's `locale`, the receipt, the
   * status page and every later mail to the shopper. Always set by checkout; the default only
   * serves rows inserted by hand.
   */
  @Column({ type: 'text', default: 'en' })
  language!: string;

  /** Checkout's `collected_information.shipping_details` (name and address) once paid. */
  @Column({ name: 'shipping_address', type: 'jsonb', nullable: true })
  shippingAddress!: ShippingAddress | null;

  /** The destination the shopper chose in the cart (ISO code); null: no physical goods shipped. */
  @Column({ name: 'shipping_country', type: 'varchar', length: 2, nullable: true })
  shippingCountry!: string | null;

  /** The rates offered to the session, in the order sent (empty: the zone has no rate). */
  @Column({ name: 'shipping_offer', type: 'jsonb', nullable: true })
  shippingOffer!: OfferedShipping[] | null;

  /** The chosen rate's amount, known once Checkout completes (`total_amount` then includes it). */
  @Column({ name: 'shipping_amount', type: 'integer', nullable: true })
  shippingAmount!: number | null;

  @Column({ name: 'shipping_rate_name', type: 'text', nullable: true })
  shippingRateName!: string | null;

  /** The connected account the session was made on (the shop's at checkout time). */
  @Column({ name: 'stripe_account_id', type: 'text', nullable: true })
  stripeAccountId!: string | null;

  @Column({ name: 'stripe_checkout_session_id', type: 'text', nullable: true })
  stripeCheckoutSessionId!: string | null;

  @Column({ name: 'stripe_payment_intent_id', type: 'text', nullable: true })
  stripePaymentIntentId!: string | null;

  @Column({ name: 'stripe_charge_id', type: 'text', nullable: true })
  stripeChargeId!: string | null;

  @Column({ name: 'checkout_expires_at', type: 'timestamptz', nullable: true })
  checkoutExpiresAt!: Date | null;

  /** The shopper's cart id (random, from the shop host's cookie): finds the cart's open session. */
  @Column({ name: 'cart_id', type: 'text', nullable: true })
  cartId!: string | null;

  /** Hash of the cart the open session was made for: the same cart reuses it, a changed one expires it. */
  @Column({ name: 'cart_fingerprint', type: 'text', nullable: true })
  cartFingerprint!: string | null;

  /** SHA-256 of the secret in the shopper's private status link (the link itself is never stored). */
  @Column({ name: 'status_token_hash', type: 'text', nullable: true })
  statusTokenHash!: string | null;

  /** Items' stock is held for this order (released on expiry or failed payment). */
  @Column({ name: 'stock_reserved', type: 'boolean', default: false })
  stockReserved!: boolean;

  @Column({ name: 'dispute_id', type: 'text', nullable: true })
  disputeId!: string | null;

  /** Stripe's dispute status (`needs_response`, `won`, `lost`, …); null = never disputed. */
  @Column({ name: 'dispute_status', type: 'text', nullable: true })
  disputeStatus!: string | null;

  /** Set when an event did not match the order (amount, currency, account): for an admin. */
  @Column({ name: 'flagged_at', type: 'timestamptz', nullable: true })
  flaggedAt!: Date | null;

  @Column({ name: 'flag_reason', type: 'text', nullable: true })
  flagReason!: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
