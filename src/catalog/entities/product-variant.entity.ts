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
import { ProductNotFound } from '../catalog.errors.js';
import { ProductImage } from './product-image.entity.js';
import { Product } from './product.entity.js';

/**
 * What a shopper actually buys: one combination of a product's option values, with its own
 * price, stock and Stripe Product/Price. A product without options has exactly one variant with
 * no option values (its default variant), which carries what the product row used to.
 *
 * Tenant-owned: every query names `shopId`. Price and stock here are the truth; the product
 * row keeps a summary (lowest active price, total stock or null when one is unlimited) that the
 * storefront's lists read, refreshed in the same transaction as any change here.
 */
@Entity({ name: 'product_variant' })
@Index('ix_product_variant_product', ['shopId', 'productId', 'position'])
@Index('uq_product_variant_sku', ['shopId', 'sku'], { unique: true, where: 'sku IS NOT NULL' })
export class ProductVariant {
  /** What findInShop throws for a missing or foreign variant. */
  static notFound(): Error {
    return new ProductNotFound();
  }

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_product_variant' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_product_variant_product' })
  product?: Relation<Product>;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** One value per option, in the options' order; empty for a product's default variant. */
  @Column({ name: 'option_values', type: 'text', array: true, default: () => "'{}'" })
  optionValues!: string[];

  /** Unique per shop when set. */
  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @Column({ name: 'price_amount', type: 'integer' })
  priceAmount!: number;

  /** The "was" price shown struck through; null = none. */
  @Column({ name: 'compare_at_amount', type: 'integer', nullable: true })
  compareAtAmount!: number | null;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** Units left; null = unlimited. */
  @Column({ type: 'integer', nullable: true })
  stock!: number | null;

  @Column({ name: 'weight_grams', type: 'integer', nullable: true })
  weightGrams!: number | null;

  /** One of the product's images, shown when this variant is chosen; null = the main image. */
  @Column({ name: 'image_id', type: 'uuid', nullable: true })
  imageId!: string | null;

  @ManyToOne(() => ProductImage, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'image_id', foreignKeyConstraintName: 'fk_product_variant_image' })
  image?: Relation<ProductImage> | null;

  /** Inactive: kept (orders point at it) but not for sale. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** A combination that no longer exists (its option value was removed): never sold again. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'stripe_product_id', type: 'text', nullable: true })
  stripeProductId!: string | null;

  @Column({ name: 'stripe_price_id', type: 'text', nullable: true })
  stripePriceId!: string | null;

  /** The amount of `stripePriceId` (Prices are immutable: a different amount needs a new one). */
  @Column({ name: 'stripe_price_amount', type: 'integer', nullable: true })
  stripePriceAmount!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** "Blue / Large"; empty for a default variant. */
export function variantTitle(optionValues: readonly string[]): string {
  return optionValues.join(' / ');
}

/** The name Stripe's Checkout, the receipt and the order show: "Mug — Blue / Large". */
export function variantDisplayName(productName: string, optionValues: readonly string[]): string {
  const title = variantTitle(optionValues);
  return title ? `${productName} — ${title}` : productName;
}
