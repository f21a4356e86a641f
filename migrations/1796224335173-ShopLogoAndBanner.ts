import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShopLogoAndBanner1796224335173 implements MigrationInterface {
  name = 'ShopLogoAndBanner1796224335173';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" ADD "logo_image" jsonb');
    await queryRunner.query('ALTER TABLE "shop" ADD "banner_image" jsonb');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "banner_image"');
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "logo_image"');
  }
}
