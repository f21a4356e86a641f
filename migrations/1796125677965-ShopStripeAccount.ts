import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopStripeAccount1796125677965 implements MigrationInterface {
  name = 'ShopStripeAccount1796125677965';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_account_id" text');
    await queryRunner.query(
      'ALTER TABLE "shop" ADD "stripe_account_generation" integer NOT NULL DEFAULT \'0\'',
    );
    await queryRunner.query(
      'ALTER TABLE "shop" ADD "stripe_details_submitted" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_charges_enabled" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_payouts_enabled" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_requirements" jsonb');
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_disconnected_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "shop" ADD "stripe_synced_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "shop" ADD "fee_bps" integer');
    await queryRunner.query('ALTER TABLE "shop" ADD "fee_fixed" jsonb');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_stripe_account" ON "shop"  ("stripe_account_id") WHERE stripe_account_id IS NOT NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_shop_stripe_account"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "fee_fixed"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "fee_bps"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_synced_at"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_disconnected_at"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_requirements"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_payouts_enabled"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_charges_enabled"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_details_submitted"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_account_generation"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "stripe_account_id"');
  }
}
