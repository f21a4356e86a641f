import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProductImageVariants1796212254812 implements MigrationInterface {
  name = 'ProductImageVariants1796212254812';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product_image" ADD "alt" text');
    await queryRunner.query(
      'ALTER TABLE "product_image" ADD "variant_version" smallint NOT NULL DEFAULT \'0\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "product_image" DROP COLUMN "variant_version"');
    await queryRunner.query('ALTER TABLE "product_image" DROP COLUMN "alt"');
  }
}
