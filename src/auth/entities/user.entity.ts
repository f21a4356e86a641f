import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type UserRole = 'merchant' | 'admin';

/** A person who logs in on the platform host: a merchant or an admin. Shoppers have no account. */
@Entity({ name: 'app_user' })
@Index('uq_app_user_email', ['email'], { unique: true })
@Check('ck_app_user_role', `"role" IN ('merchant', 'admin')`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id!: string;

  /** Stored trimmed and lower-cased (see normalizeEmail), so the unique index is case-blind. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', default: 'merchant' })
  role!: UserRole;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** The language of their pages (a catalog of locales/), chosen at sign-up, changeable on /account. */
  @Column({ type: 'text', default: 'en' })
  language!: string;

  /** IANA zone their admin pages show dates in; null = their shop's zone, else UTC. Set on /account. */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
