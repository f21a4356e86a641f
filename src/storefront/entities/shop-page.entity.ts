import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Shop } from '../../tenants/entities/shop.entity.js';

/**
 * One of a shop's legal pages (shop-pages.ts lists the kinds), as the merchant typed it: Markdown,
 * rendered and sanitised when shown. An empty body is an unpublished page.
 */
@Entity({ name: 'shop_page' })
@Check('ck_shop_page_kind', `kind IN ('legal-notice', 'terms', 'returns', 'privacy', 'contact')`)
@Check('ck_shop_page_body_length', `char_length(body) <= 20000`)
export class ShopPage {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid', primaryKeyConstraintName: 'pk_shop_page' })
  shopId!: string;

  @ManyToOne(() => Shop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shop_id', foreignKeyConstraintName: 'fk_shop_page_shop' })
  shop?: Shop;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_shop_page' })
  kind!: string;

  @Column({ type: 'text', default: '' })
  body!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
