import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderShipping1796234947173 implements MigrationInterface {
  name = 'OrderShipping1796234947173';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "shipping_countries"');
    await queryRunner.query('ALTER TABLE "shop_order" ADD "shipping_country" character varying(2)');
    await queryRunner.query('ALTER TABLE "shop_order" ADD "shipping_offer" jsonb');
    await queryRunner.query('ALTER TABLE "shop_order" ADD "shipping_amount" integer');
    await queryRunner.query('ALTER TABLE "shop_order" ADD "shipping_rate_name" text');
    await queryRunner.query('ALTER TABLE "shop_refund" ADD "shipping_amount" integer NOT NULL DEFAULT \'0\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop_refund" DROP COLUMN "shipping_amount"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "shipping_rate_name"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "shipping_amount"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "shipping_offer"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "shipping_country"');
    await queryRunner.query('ALTER TABLE "shop" ADD "shipping_countries" text array NOT NULL DEFAULT \'{}\'');
  }
}
