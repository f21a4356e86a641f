import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where an event stands in the pipeline:
 * - received: stored, its job is queued;
 * - processing: a worker has claimed it (attempts counts claims, so a crash loop ends in dead);
 * - processed: every handler ran and its effects committed with this status;
 * - failed: the last attempt threw; the job retries with backoff;
 * - dead: failed WEBHOOK_MAX_ATTEMPTS times; kept with its last error for an admin to replay;
 * - quarantined: a handler found that `event.account` does not own the object it names; never applied;
 * - ignored: livemode differs from the configured mode, or no handler takes this type.
 */
export const STRIPE_EVENT_STATUSES = [
  'received',
  'processing',
  'processed',
  'failed',
  'dead',
  'quarantined',
  'ignored',
] as const;
export type StripeEventStatus = (typeof STRIPE_EVENT_STATUSES)[number];

/** The inbox: every verified event, stored once by its Stripe id. */
@Entity({ name: 'stripe_event' })
@Index('ix_stripe_event_status', ['status'])
@Index('ix_stripe_event_type', ['type'])
@Index('ix_stripe_event_account', ['account'])
@Check('ck_stripe_event_status', `"status" IN (${STRIPE_EVENT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class StripeEvent {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_stripe_event' })
  id!: string;

  @Column({ type: 'text' })
  type!: string;

  /** The connected account the event happened on; null for the platform's own events. */
  @Column({ type: 'text', nullable: true })
  account!: string | null;

  @Column({ type: 'boolean' })
  livemode!: boolean;

  @Column({ name: 'api_version', type: 'text', nullable: true })
  apiVersion!: string | null;

  /** `event.created`: when Stripe made the event (not when it reached us). */
  @Column({ type: 'timestamptz' })
  created!: Date;

  /** The whole verified event, as Stripe sent it. */
  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'text', default: 'received' })
  status!: StripeEventStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** Why an event was ignored or quarantined, for the admin's event log. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
