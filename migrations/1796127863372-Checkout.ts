import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Checkout1796127863372 implements MigrationInterface {
  name = 'Checkout1796127863372';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "checkout_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT \'0\', "expire" bigint, CONSTRAINT "pk_checkout_throttle" PRIMARY KEY ("key"))',
    );
    await queryRunner.query('ALTER TABLE "shop" ADD "ships_physical_goods" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "shop" ADD "shipping_countries" text array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('ALTER TABLE "shop_order" ADD "cart_id" text');
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_open_cart" ON "shop_order"  ("shop_id", "cart_id") WHERE status = \'pending\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_open_cart"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "cart_id"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "shipping_countries"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "ships_physical_goods"');
    await queryRunner.query('DROP TABLE "checkout_throttle"');
  }
}
