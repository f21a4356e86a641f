import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The storefront's languages per shop, and the shopper's language per order.
 *
 * Existing shops get the languages of their country, from a copy of the table in
 * src/tenants/shop-languages.ts as it stands at this migration (frozen here: a later change to the
 * table must not change what this migration did). Existing orders keep `en`: they were placed on
 * storefronts that were English only, so their shoppers read English.
 */
export class ShopperLanguages1796212215277 implements MigrationInterface {
  name = 'ShopperLanguages1796212215277';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" ADD "languages" text array NOT NULL DEFAULT \'{en}\'');
    await queryRunner.query(
      `UPDATE "shop" SET "languages" = CASE
         WHEN "country" IN ('FR', 'BE', 'LU', 'MC', 'CH') THEN '{fr,en}'::text[]
         WHEN "country" = 'CA' THEN '{en,fr}'::text[]
         ELSE '{en}'::text[] END
       WHERE "country" IN ('FR', 'BE', 'LU', 'MC', 'CH', 'CA')`,
    );
    await queryRunner.query('ALTER TABLE "shop_order" ADD "language" text NOT NULL DEFAULT \'en\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop_order" DROP COLUMN "language"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "languages"');
  }
}
