import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last order number handed out per shop. `UPDATE … SET last_number = last_number + 1
 * RETURNING` (after an insert-if-missing) gives gap-tolerant, never-duplicated numbers under
 * concurrent checkouts.
 */
@Entity({ name: 'shop_order_number' })
export class OrderNumberSequence {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid', primaryKeyConstraintName: 'pk_shop_order_number' })
  shopId!: string;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber!: number;
}
