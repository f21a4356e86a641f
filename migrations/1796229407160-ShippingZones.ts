import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShippingZones1796229407160 implements MigrationInterface {
  name = 'ShippingZones1796229407160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "shipping_zone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "name" text NOT NULL, "countries" text array NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shipping_zone_name_length" CHECK (char_length(name) BETWEEN 1 AND 80), CONSTRAINT "pk_shipping_zone" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shipping_zone_shop" ON "shipping_zone"  ("shop_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "shipping_rate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "zone_id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "amount" integer NOT NULL DEFAULT \'0\', "free_above" integer, "per_additional_item" integer, "min_days" integer, "max_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shipping_rate_days" CHECK ((min_days IS NULL) = (max_days IS NULL) AND (min_days IS NULL OR (min_days >= 0 AND min_days <= max_days))), CONSTRAINT "ck_shipping_rate_amounts" CHECK (amount >= 0 AND (free_above IS NULL OR free_above > 0) AND (per_additional_item IS NULL OR per_additional_item >= 0)), CONSTRAINT "ck_shipping_rate_name_length" CHECK (char_length(name) BETWEEN 1 AND 80), CONSTRAINT "ck_shipping_rate_kind" CHECK (kind IN (\'fixed\', \'free_above\', \'per_item\', \'pickup\')), CONSTRAINT "pk_shipping_rate" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shipping_rate_zone" ON "shipping_rate"  ("shop_id", "zone_id", "created_at") ',
    );
    await queryRunner.query(
      'ALTER TABLE "shipping_zone" ADD CONSTRAINT "fk_shipping_zone_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shipping_rate" ADD CONSTRAINT "fk_shipping_rate_zone" FOREIGN KEY ("zone_id") REFERENCES "shipping_zone"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Data: a shop's shipping countries become one zone, named in its first language, with no
    // rate until the merchant sets one. Codes are copied as they are (a legacy one Stripe refuses
    // is shown to the merchant on the zone's form, as the settings page did).
    await queryRunner.query(
      `INSERT INTO "shipping_zone" ("shop_id", "name", "countries", "created_at")
       SELECT "id", CASE WHEN "languages"[1] = 'fr' THEN 'Livraison' ELSE 'Shipping' END,
              "shipping_countries", now()
         FROM "shop" WHERE cardinality("shipping_countries") > 0`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shipping_rate" DROP CONSTRAINT "fk_shipping_rate_zone"');
    await queryRunner.query('ALTER TABLE "shipping_zone" DROP CONSTRAINT "fk_shipping_zone_shop"');
    await queryRunner.query('DROP INDEX "public"."ix_shipping_rate_zone"');
    await queryRunner.query('DROP TABLE "shipping_rate"');
    await queryRunner.query('DROP INDEX "public"."ix_shipping_zone_shop"');
    await queryRunner.query('DROP TABLE "shipping_zone"');
  }
}
