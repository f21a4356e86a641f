import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Shop } from '../../tenants/entities/shop.entity.js';
import { Product } from './product.entity.js';

/**
 * An uploaded picture of a product. `path` is the key in FileStorage (served at `/uploads/<path>`)
 * of the master, re-encoded from the upload; its resized copies are named from it
 * (image-variants.ts). The main image is the one at position 0.
 */
@Entity({ name: 'product_image' })
@Index('ix_product_image_product', ['shopId', 'productId', 'position'])
export class ProductImage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_product_image' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_product_image_shop' })
  shop?: Shop;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_product_image_product' })
  product?: Product;

  @Column({ type: 'text' })
  path!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType!: string;

  @Column({ type: 'integer', nullable: true })
  width!: number | null;

  @Column({ type: 'integer', nullable: true })
  height!: number | null;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize!: number;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** Shown to shoppers who cannot see the picture; null: the product's name. */
  @Column({ type: 'text', nullable: true })
  alt!: string | null;

  /** Which set of copies exists (CURRENT_VARIANT_VERSION); 0 for images stored before the pipeline. */
  @Column({ name: 'variant_version', type: 'smallint', default: 0 })
  variantVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
