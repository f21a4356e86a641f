import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Product } from './product.entity.js';

/**
 * One of a product's options (at most three: Size, Colour…), with its values in the order the
 * merchant gave. Tenant-owned: every query names `shopId`. A product without options has none
 * and exactly one variant (its default one).
 */
@Entity({ name: 'product_option' })
@Index('uq_product_option_position', ['productId', 'position'], { unique: true })
@Index('ix_product_option_shop_product', ['shopId', 'productId'])
export class ProductOption {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_product_option' })
  id!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId!: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_product_option_product' })
  product?: Relation<Product>;

  /** 0, 1 or 2: the order of the option on the page and in a variant's `optionValues`. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  values!: string[];
}
