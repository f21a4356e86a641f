import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxMailStatus = 'pending' | 'sent' | 'failed';

/**
 * A mail the app decided to send, written in the same transaction as the change that caused it.
 * The sender job delivers it when SMTP_URL is set; otherwise it stays here (the offline mailbox).
 */
@Entity({ name: 'outbox_mail' })
@Index('ix_outbox_mail_created', ['createdAt'])
@Check('ck_outbox_mail_status', `"status" IN ('pending', 'sent', 'failed')`)
export class OutboxMail {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_outbox_mail' })
  id!: string;

  @Column({ name: 'to_address', type: 'text' })
  to!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  text!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxMailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
