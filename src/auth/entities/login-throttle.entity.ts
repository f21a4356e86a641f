import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The counters of every account-form throttle (log-in, password reset, sign-up; keys prefixed
 * per limit, see src/auth/throttle.ts). rate-limiter-flexible's RateLimiterPostgres table (its
 * own CREATE TABLE, mirrored here so the schema comes from migrations and the limiter runs with
 * `tableCreated: true`).
 * `expire` is epoch milliseconds, as the library writes it.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_login_throttle' })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  points!: number;

  @Column({ type: 'bigint', nullable: true })
  expire!: string | null;
}
