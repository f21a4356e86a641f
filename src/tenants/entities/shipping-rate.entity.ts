import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ShippingZone } from './shipping-zone.entity.js';

export const SHIPPING_RATE_KINDS = ['fixed', 'free_above', 'per_item', 'pickup'] as const;
export type ShippingRateKind = (typeof SHIPPING_RATE_KINDS)[number];

/**
 * One of a zone's delivery options (at most five per zone), amounts in the shop's currency:
 * - `fixed`: `amount` per order;
 * - `free_above`: `amount`, or nothing once the goods reach `free_above`;
 * - `per_item`: `amount` for the first item plus `per_additional_item` for each other one;
 * - `pickup`: collected in store, `amount` 0.
 * Delivery estimates in business days (both or neither).
 */
@Entity({ name: 'shipping_rate' })
@Index('ix_shipping_rate_zone', ['shopId', 'zoneId', 'createdAt'])
@Check('ck_shipping_rate_kind', `kind IN ('fixed', 'free_above', 'per_item', 'pickup')`)
@Check('ck_shipping_rate_name_length', `char_length(name) BETWEEN 1 AND 80`)
@Check(
  'ck_shipping_rate_amounts',
  `amount >= 0 AND (free_above IS NULL OR free_above > 0) AND (per_additional_item IS NULL OR per_additional_item >= 0)`,
)
@Check(
  'ck_shipping_rate_days',
  `(min_days IS NULL) = (max_days IS NULL) AND (min_days IS NULL OR (min_days >= 0 AND min_days <= max_days))`,
)
export class ShippingRate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shipping_rate' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'zone_id', type: 'uuid' })
  zoneId!: string;

  @ManyToOne(() => ShippingZone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'fk_shipping_rate_zone' })
  zone?: ShippingZone;

  @Column({ type: 'text' })
  kind!: ShippingRateKind;

  @Column({ type: 'text' })
  name!: string;

  /** Minor units of the shop's currency. */
  @Column({ type: 'integer', default: 0 })
  amount!: number;

  @Column({ name: 'free_above', type: 'integer', nullable: true })
  freeAbove!: number | null;

  @Column({ name: 'per_additional_item', type: 'integer', nullable: true })
  perAdditionalItem!: number | null;

  @Column({ name: 'min_days', type: 'integer', nullable: true })
  minDays!: number | null;

  @Column({ name: 'max_days', type: 'integer', nullable: true })
  maxDays!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
