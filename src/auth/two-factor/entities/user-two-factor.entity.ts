import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../entities/user.entity.js';

/**
 * A user's TOTP authenticator. The row exists from the start of enrolment; `enabledAt` is set
 * when a first code confirms it (until then the log-in does not ask for a code).
 */
@Entity({ name: 'user_two_factor' })
export class UserTwoFactor {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_user_two_factor' })
  userId!: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_two_factor_user' })
  user?: User;

  /** The base32 TOTP secret, AES-256-GCM encrypted (see secret-box.ts: the key id is inside). */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  @Column({ name: 'enabled_at', type: 'timestamptz', nullable: true })
  enabledAt!: Date | null;

  /**
   * The RFC 6238 time step of the last code accepted: a code of this step or an older one is
   * refused (no replay). Advanced by a conditional UPDATE, so two requests cannot both pass.
   */
  @Column({ name: 'last_time_step', type: 'bigint', nullable: true })
  lastTimeStep!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
