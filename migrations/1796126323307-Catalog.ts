import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Catalog1796126323307 implements MigrationInterface {
  name = 'Catalog1796126323307';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "price_amount" integer NOT NULL, "currency" character varying(3) NOT NULL, "stock" integer, "published" boolean NOT NULL DEFAULT false, "archived_at" TIMESTAMP WITH TIME ZONE, "sort_order" integer NOT NULL DEFAULT \'0\', "stripe_product_id" text, "stripe_price_id" text, "stripe_price_amount" integer, "sync_state" character varying(24) NOT NULL DEFAULT \'pending\', "sync_error" text, "sync_version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_product" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_shop_created" ON "product"  ("shop_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_storefront" ON "product"  ("shop_id", "published", "sort_order", "id") WHERE archived_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "product_image" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "product_id" uuid NOT NULL, "path" text NOT NULL, "content_type" character varying(32) NOT NULL, "width" integer, "height" integer, "byte_size" integer NOT NULL, "position" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_product_image" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_image_product" ON "product_image"  ("shop_id", "product_id", "position") ',
    );
    await queryRunner.query(
      'ALTER TABLE "product" ADD CONSTRAINT "fk_product_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "product_image" ADD CONSTRAINT "fk_product_image_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "product_image" ADD CONSTRAINT "fk_product_image_product" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product_image" DROP CONSTRAINT "fk_product_image_product"');
    await queryRunner.query('ALTER TABLE "product_image" DROP CONSTRAINT "fk_product_image_shop"');
    await queryRunner.query('ALTER TABLE "product" DROP CONSTRAINT "fk_product_shop"');
    await queryRunner.query('DROP INDEX "public"."ix_product_image_product"');
    await queryRunner.query('DROP TABLE "product_image"');
    await queryRunner.query('DROP INDEX "public"."ix_product_storefront"');
    await queryRunner.query('DROP INDEX "public"."ix_product_shop_created"');
    await queryRunner.query('DROP TABLE "product"');
  }
}
