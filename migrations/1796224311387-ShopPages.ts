import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopPages1796224311387 implements MigrationInterface {
  name = 'ShopPages1796224311387';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "shop_page" ("shop_id" uuid NOT NULL, "kind" text NOT NULL, "body" text NOT NULL DEFAULT \'\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shop_page_body_length" CHECK (char_length(body) <= 20000), CONSTRAINT "ck_shop_page_kind" CHECK (kind IN (\'legal-notice\', \'terms\', \'returns\', \'privacy\', \'contact\')), CONSTRAINT "pk_shop_page" PRIMARY KEY ("shop_id", "kind"))',
    );
    await queryRunner.query('ALTER TABLE "shop" ADD "published_pages" text array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query(
      'ALTER TABLE "shop_page" ADD CONSTRAINT "fk_shop_page_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop_page" DROP CONSTRAINT "fk_shop_page_shop"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "published_pages"');
    await queryRunner.query('DROP TABLE "shop_page"');
  }
}
