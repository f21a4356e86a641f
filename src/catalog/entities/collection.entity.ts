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
import { CollectionNotFound } from '../catalog.errors.js';

/**
 * A merchant-defined group of products ("Mugs", "Gifts"), shown at `/collections/<handle>` on
 * the shop. Tenant-owned: every query names `shopId`; the handle is unique per shop.
 */
@Entity({ name: 'collection' })
@Index('uq_collection_shop_handle', ['shopId', 'handle'], { unique: true })
export class Collection {
  /** What findInShop throws for a missing or foreign collection. */
  static notFound(): Error {
    return new CollectionNotFound();
  }

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_collection' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_collection_shop' })
  shop?: Shop;

  @Column({ type: 'text' })
  title!: string;

  /** The URL's last part: lowercase letters, digits and hyphens. */
  @Column({ type: 'varchar', length: 80 })
  handle!: string;

  /** Plain text; line breaks are kept on display. */
  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
