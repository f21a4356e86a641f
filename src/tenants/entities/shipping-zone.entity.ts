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
import { Shop } from './shop.entity.js';

/**
 * Where a shop ships: a named list of countries (codes Stripe Checkout accepts) with up to
 * five rates. Tenant-owned: every query names `shopId`. A country belongs to at most one of the
 * shop's zones (checked when saved, under the shop row's lock).
 */
@Entity({ name: 'shipping_zone' })
@Index('ix_shipping_zone_shop', ['shopId', 'createdAt'])
@Check('ck_shipping_zone_name_length', `char_length(name) BETWEEN 1 AND 80`)
export class ShippingZone {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shipping_zone' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_shipping_zone_shop' })
  shop?: Shop;

  @Column({ type: 'text' })
  name!: string;

  /** ISO 3166-1 alpha-2 codes, upper case. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countries!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
