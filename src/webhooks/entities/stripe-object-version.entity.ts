import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The newest event applied per Stripe object, for handlers that copy a snapshot (e.g. an
 * account's status from `account.updated`): an older event arriving late must not overwrite
 * a newer state.
 */
@Entity({ name: 'stripe_object_version' })
export class StripeObjectVersion {
  @PrimaryColumn({ name: 'object_id', type: 'text', primaryKeyConstraintName: 'pk_stripe_object_version' })
  objectId!: string;

  /** `event.created` of the newest applied event. */
  @Column({ name: 'event_created', type: 'timestamptz' })
  eventCreated!: Date;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
