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
 * An image the merchant uploaded for the shop (logo, banner): the key of its re-encoded master in
 * FileStorage (`<shop uuid>/<uuid>.<ext>`, copies named from it, catalog/image-variants.ts) and
 * its size after EXIF orientation.
 */
export interface ShopImage {
  path: string;
  width: number;
  height: number;
}

/** What the connected account's `requirements` said at the last sync. */
export interface StripeRequirementsSnapshot {
  currently_due: string[];
  past_due: string[];
  eventually_due: string[];
  disabled_reason: string | null;
  /** Unix seconds, as Stripe gives it. */
  current_deadline: number | null;
}

/**
 * A tenant. Lives on `<slug>.<APP_DOMAIN>`. Its Stripe connected account (direct charges) and the
 * account's status as last synced (onboarding writes these), and an optional fee-plan override
 * (set by admins; null = the platform default).
 */
@Entity({ name: 'shop' })
@Index('uq_shop_slug', ['slug'], { unique: true })
@Index('ix_shop_owner', ['ownerUserId'])
@Index('uq_shop_stripe_account', ['stripeAccountId'], {
  unique: true,
  where: 'stripe_account_id IS NOT NULL',
})
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

  /**
   * IANA zone its dates are shown in (dashboard, storefront, its mails) and its sales are
   * bucketed by day in. Set from the country at creation (defaultTimeZone), editable in settings.
   */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  /**
   * The storefront's languages (catalog codes), the shop's own first: see tenants/shop-languages.ts.
   * Set from the country when the app makes the shop (the column's default only serves rows
   * inserted by hand, e.g. bench seeds); edited in the dashboard settings.
   */
  @Column({ type: 'text', array: true, default: () => "'{en}'" })
  languages!: string[];

  /** `#rrggbb`, or null for the default theme. */
  @Column({ name: 'brand_colour', type: 'varchar', length: 7, nullable: true })
  brandColour!: string | null;

  /**
   * A logo path typed before uploads existed (`/static/...` or `/uploads/...`), still shown while
   * the shop has no uploaded `logoImage`; uploading or removing a logo clears it.
   */
  @Column({ name: 'logo_path', type: 'text', nullable: true })
  logoPath!: string | null;

  /** The uploaded logo (dashboard settings), shown in the storefront's header. */
  @Column({ name: 'logo_image', type: 'jsonb', nullable: true })
  logoImage!: ShopImage | null;

  /** The uploaded banner, optional, shown on the storefront's home. */
  @Column({ name: 'banner_image', type: 'jsonb', nullable: true })
  bannerImage!: ShopImage | null;

  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'statement_descriptor_suffix', type: 'varchar', length: 22, nullable: true })
  statementDescriptorSuffix!: string | null;

  /** Checkout asks for the destination and a shipping address (in its shipping zones) when on. */
  @Column({ name: 'ships_physical_goods', type: 'boolean', default: false })
  shipsPhysicalGoods!: boolean;

  /**
   * The kinds of its legal pages that have a body (storefront/shop-pages.ts keeps it in step with
   * `shop_page`), so every storefront page links them without reading the pages.
   */
  @Column({ name: 'published_pages', type: 'text', array: true, default: () => "'{}'" })
  publishedPages!: string[];

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'suspended_reason', type: 'text', nullable: true })
  suspendedReason!: string | null;

  /** `acct_…` on the platform; null until "Set up payments"; kept after a deauthorization. */
  @Column({ name: 'stripe_account_id', type: 'text', nullable: true })
  stripeAccountId!: string | null;

  /** Bumped when a disconnected shop connects again, so the new account gets a new idempotency key. */
  @Column({ name: 'stripe_account_generation', type: 'integer', default: 0 })
  stripeAccountGeneration!: number;

  @Column({ name: 'stripe_details_submitted', type: 'boolean', default: false })
  stripeDetailsSubmitted!: boolean;

  @Column({ name: 'stripe_charges_enabled', type: 'boolean', default: false })
  stripeChargesEnabled!: boolean;

  @Column({ name: 'stripe_payouts_enabled', type: 'boolean', default: false })
  stripePayoutsEnabled!: boolean;

  @Column({ name: 'stripe_requirements', type: 'jsonb', nullable: true })
  stripeRequirements!: StripeRequirementsSnapshot | null;

  /** Set by `account.application.deauthorized`: checkout is off, orders are kept. */
  @Column({ name: 'stripe_disconnected_at', type: 'timestamptz', nullable: true })
  stripeDisconnectedAt!: Date | null;

  @Column({ name: 'stripe_synced_at', type: 'timestamptz', nullable: true })
  stripeSyncedAt!: Date | null;

  /** Fee-plan override in basis points; null = PLATFORM_FEE_BPS. */
  @Column({ name: 'fee_bps', type: 'integer', nullable: true })
  feeBps!: number | null;

  /** Fixed fees per currency in minor units (e.g. {"usd":30}); null = PLATFORM_FEE_FIXED. */
  @Column({ name: 'fee_fixed', type: 'jsonb', nullable: true })
  feeFixed!: Record<string, number> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
