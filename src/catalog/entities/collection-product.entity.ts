import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Shop } from '../../tenants/entities/shop.entity.js';
import { Collection } from './collection.entity.js';
import { Product } from './product.entity.js';

/**
 * A product in a collection, at the merchant's `position` (smallest first). A product may be in
 * several collections. `shopId` is the collection's and the product's shop (the service checks
 * both), so a shop's rows are found without joining.
 */
@Entity({ name: 'collection_product' })
@Index('ix_collection_product_position', ['collectionId', 'position', 'productId'])
@Index('ix_collection_product_product', ['shopId', 'productId'])
export class CollectionProduct {
  @PrimaryColumn({ name: 'collection_id', type: 'uuid', primaryKeyConstraintName: 'pk_collection_product' })
  collectionId!: string;

  @PrimaryColumn({ name: 'product_id', type: 'uuid', primaryKeyConstraintName: 'pk_collection_product' })
  productId!: string;

  @Column({ name: 'shop_id', type: 'uuid' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_collection_product_shop' })
  shop?: Shop;

  @ManyToOne(() => Collection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'collection_id', foreignKeyConstraintName: 'fk_collection_product_collection' })
  collection?: Collection;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_collection_product_product' })
  product?: Product;

  @Column({ type: 'integer' })
  position!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
