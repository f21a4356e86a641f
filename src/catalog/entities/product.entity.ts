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
import { Shop } from '../../tenants/entities/shop.entity.js';
import { ProductNotFound } from '../catalog.errors.js';

/** Where a product stands with its Stripe Product/Price on the shop's connected account. */
export type ProductSyncState = 'pending' | 'synced' | 'failed' | 'waiting_for_account';

/**
 * Something a shop sells. Tenant-owned: every query names `shopId`. The price is integer minor
 * units in the shop's currency (copied here so a row is self-describing for Stripe and orders).
 * `syncVersion` is bumped on every change Stripe must see; the sync job derives its idempotency
 * keys from (id, version), so a retry replays and a later change makes new objects.
 */
@Entity({ name: 'product' })
@Index('ix_product_storefront', ['shopId', 'published', 'sortOrder', 'id'], {
  where: 'archived_at IS NULL',
})
@Index('ix_product_shop_created', ['shopId', 'createdAt'])
// The storefront's other sorts (newest, price), each an index scan of the shop's first page.
@Index('ix_product_storefront_newest', ['shopId', 'createdAt', 'id'], {
  where: 'published AND archived_at IS NULL',
})
@Index('ix_product_storefront_price', ['shopId', 'priceAmount', 'id'], {
  where: 'published AND archived_at IS NULL',
})
// Search (catalog/product-search.ts): expression indexes TypeORM cannot describe, made by the
// migration AddCollectionsAndSearch; `synchronize: false` keeps the drift check off them.
@Index('ix_product_search_fr', { synchronize: false })
@Index('ix_product_search_en', { synchronize: false })
@Index('ix_product_name_trgm', { synchronize: false })
export class Product {
  /** What findInShop throws for a missing or foreign product. */
  static notFound(): Error {
    return new ProductNotFound();
  }

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_product' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_product_shop' })
  shop?: Shop;

  @Column({ type: 'text' })
  name!: string;

  /** Plain text; line breaks are kept on display. */
  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'price_amount', type: 'integer' })
  priceAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** Units left; null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  stock!: number | null;

  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ name: 'stripe_product_id', type: 'text', nullable: true })
  stripeProductId!: string | null;

  @Column({ name: 'stripe_price_id', type: 'text', nullable: true })
  stripePriceId!: string | null;

  /** The amount of `stripePriceId` (Prices are immutable: a different amount needs a new one). */
  @Column({ name: 'stripe_price_amount', type: 'integer', nullable: true })
  stripePriceAmount!: number | null;

  @Column({ name: 'sync_state', type: 'varchar', length: 24, default: 'pending' })
  syncState!: ProductSyncState;

  @Column({ name: 'sync_error', type: 'text', nullable: true })
  syncError!: string | null;

  @Column({ name: 'sync_version', type: 'integer', default: 1 })
  syncVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
