import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * rate-limiter-flexible's RateLimiterPostgres table for checkout creation (per shopper cart id
 * and per IP), mirrored here so the schema comes from migrations (`tableCreated: true`).
 * `expire` is epoch milliseconds, as the library writes it.
 */
@Entity({ name: 'checkout_throttle' })
export class CheckoutThrottle {
  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_checkout_throttle' })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  points!: number;

  @Column({ type: 'bigint', nullable: true })
  expire!: string | null;
}
