import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * connect-pg-simple's table (its table.sql: sid, sess json, expire + an index on expire), owned
 * by our migrations, plus `user_id`, which UserAwarePgStore writes on every save so all the
 * sessions of one user can be ended at once (password change, admin "disable user").
 */
@Entity({ name: 'http_session' })
@Index('ix_http_session_expire', ['expire'])
@Index('ix_http_session_user', ['userId'])
export class HttpSession {
  @PrimaryColumn({ type: 'varchar', primaryKeyConstraintName: 'pk_http_session' })
  sid!: string;

  @Column({ type: 'json' })
  sess!: unknown;

  @Column({ type: 'timestamptz' })
  expire!: Date;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;
}
