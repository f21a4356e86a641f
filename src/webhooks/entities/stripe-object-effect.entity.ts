import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Effects applied once per Stripe object, whatever the number of events that announce them
 * (Stripe may send two events, with two ids, for one change). A handler claims
 * (object_id, effect) inside its transaction; a second claim finds the row and does nothing.
 */
@Entity({ name: 'stripe_object_effect' })
export class StripeObjectEffect {
  @PrimaryColumn({ name: 'object_id', type: 'text', primaryKeyConstraintName: 'pk_stripe_object_effect' })
  objectId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_stripe_object_effect' })
  effect!: string;

  /** The event that applied it. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
