import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserLanguage1796208009353 implements MigrationInterface {
  name = 'UserLanguage1796208009353';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" ADD "language" text NOT NULL DEFAULT \'en\'');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "language"');
  }
}
