import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One admin (or money-moving) action: who, when, what, on which object, and the object's state
 * before and after. Append-only: nothing updates or deletes these rows.
 */
@Entity({ name: 'audit_entry' })
@Index('ix_audit_entry_at', ['at'])
@Index('ix_audit_entry_action_at', ['action', 'at'])
@Index('ix_audit_entry_shop_at', ['shopId', 'at'])
@Index('ix_audit_entry_actor_at', ['actorUserId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_entry' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Null for actions without a person behind them (a job, a CLI). No FK: entries outlive users. */
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  /** The actor's email at the time, so the log reads the same after an email change. */
  @Column({ name: 'actor_email', type: 'text', nullable: true })
  actorEmail!: string | null;

  /** `<target>.<verb>`, e.g. `shop.suspend`, `shop.fee_plan`, `user.disable`, `event.replay`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType!: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId!: string;

  /** The shop the action concerns, when there is one (for the shop's own audit trail). */
  @Column({ name: 'shop_id', type: 'uuid', nullable: true })
  shopId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  /** Why the actor did it (a suspension's reason, a refund's note). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}
