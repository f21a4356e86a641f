import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductVariants1796224340081 implements MigrationInterface {
  name = 'ProductVariants1796224340081';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "product_option" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "product_id" uuid NOT NULL, "position" integer NOT NULL, "name" text NOT NULL, "values" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "pk_product_option" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_option_shop_product" ON "product_option"  ("shop_id", "product_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_product_option_position" ON "product_option"  ("product_id", "position") ',
    );
    await queryRunner.query(
      'CREATE TABLE "product_variant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "product_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT \'0\', "option_values" text array NOT NULL DEFAULT \'{}\', "sku" text, "price_amount" integer NOT NULL, "compare_at_amount" integer, "currency" character varying(3) NOT NULL, "stock" integer, "weight_grams" integer, "image_id" uuid, "active" boolean NOT NULL DEFAULT true, "archived_at" TIMESTAMP WITH TIME ZONE, "stripe_product_id" text, "stripe_price_id" text, "stripe_price_amount" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_product_variant" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_product_variant_sku" ON "product_variant"  ("shop_id", "sku") WHERE sku IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_variant_product" ON "product_variant"  ("shop_id", "product_id", "position") ',
    );
    await queryRunner.query('ALTER TABLE "shop_order_item" ADD "variant_id" uuid');
    await queryRunner.query(
      'ALTER TABLE "shop_order_item" ADD "restocked_quantity" integer NOT NULL DEFAULT \'0\'',
    );
    // Every existing product becomes a product without options: one default variant carrying
    // its price, stock and Stripe Product/Price (so no new Stripe objects are made for it).
    await queryRunner.query(
      `INSERT INTO product_variant (shop_id, product_id, position, option_values, price_amount, currency,
                                    stock, stripe_product_id, stripe_price_id, stripe_price_amount,
                                    created_at, updated_at)
       SELECT shop_id, id, 0, '{}', price_amount, currency, stock, stripe_product_id, stripe_price_id,
              stripe_price_amount, created_at, updated_at
         FROM product`,
    );
    // Order lines point at what was bought: the product's (only) variant.
    await queryRunner.query(
      `UPDATE shop_order_item i SET variant_id = v.id
         FROM product_variant v
        WHERE v.product_id = i.product_id AND v.shop_id = i.shop_id AND i.variant_id IS NULL`,
    );
    await queryRunner.query(
      'ALTER TABLE "product_option" ADD CONSTRAINT "fk_product_option_product" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "product_variant" ADD CONSTRAINT "fk_product_variant_product" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "product_variant" ADD CONSTRAINT "fk_product_variant_image" FOREIGN KEY ("image_id") REFERENCES "product_image"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product_variant" DROP CONSTRAINT "fk_product_variant_image"');
    await queryRunner.query('ALTER TABLE "product_variant" DROP CONSTRAINT "fk_product_variant_product"');
    await queryRunner.query('ALTER TABLE "product_option" DROP CONSTRAINT "fk_product_option_product"');
    await queryRunner.query('ALTER TABLE "shop_order_item" DROP COLUMN "restocked_quantity"');
    await queryRunner.query('ALTER TABLE "shop_order_item" DROP COLUMN "variant_id"');
    await queryRunner.query('DROP INDEX "public"."ix_product_variant_product"');
    await queryRunner.query('DROP INDEX "public"."uq_product_variant_sku"');
    await queryRunner.query('DROP TABLE "product_variant"');
    await queryRunner.query('DROP INDEX "public"."uq_product_option_position"');
    await queryRunner.query('DROP INDEX "public"."ix_product_option_shop_product"');
    await queryRunner.query('DROP TABLE "product_option"');
  }
}
