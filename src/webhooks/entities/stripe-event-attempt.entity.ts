import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StripeEvent } from './stripe-event.entity.js';

/** One processing attempt of an event, for the admin's "view attempts". */
@Entity({ name: 'stripe_event_attempt' })
@Index('ix_stripe_event_attempt_event', ['eventId', 'startedAt'])
export class StripeEventAttempt {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_stripe_event_attempt',
  })
  id!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @ManyToOne(() => StripeEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_stripe_event_attempt_event' })
  event?: StripeEvent;

  /** The event's attempt counter when this attempt started (1 for the first). */
  @Column({ type: 'integer' })
  attempt!: number;

  /** processed | failed | dead | quarantined | ignored */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', default: () => 'now()' })
  finishedAt!: Date;
}
