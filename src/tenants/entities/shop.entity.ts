import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../auth/entities/user.entity.js';

/**
 * A tenant. Lives on `<slug>.<APP_DOMAIN>`. Stripe fields (connected account id, status flags,
 * fee plan) are added by the onboarding/admin issues as further columns here.
 */
@Entity({ name: 'shop' })
@Index('uq_shop_slug', ['slug'], { unique: true })
@Index('ix_shop_owner', ['ownerUserId'])
export class Shop {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shop' })
  id!: string;

  @Column({ name: 'owner_user_id', type: 'uuid' })
  ownerUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_shop_owner_user' })
  owner?: User;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  slug!: string;

  /** ISO 4217, lower case as Stripe writes it. One currency per shop. */
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** ISO 3166-1 alpha-2, upper case (the connected account's country). */
  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** `#rrggbb`, or null for the default theme. */
  @Column({ name: 'brand_colour', type: 'varchar', length: 7, nullable: true })
  brandColour!: string | null;

  /** Path of the logo served by this app (e.g. `/static/...` or a future uploads route). */
  @Column({ name: 'logo_path', type: 'text', nullable: true })
  logoPath!: string | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'statement_descriptor_suffix', type: 'varchar', length: 22, nullable: true })
  statementDescriptorSuffix!: string | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'suspended_reason', type: 'text', nullable: true })
  suspendedReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
