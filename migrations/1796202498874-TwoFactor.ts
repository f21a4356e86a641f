import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TwoFactor1796202498874 implements MigrationInterface {
  name = 'TwoFactor1796202498874';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "two_factor_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_two_factor_recovery_code" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_two_factor_recovery_code_user_hash" ON "two_factor_recovery_code"  ("user_id", "code_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_two_factor" ("user_id" uuid NOT NULL, "secret_encrypted" text NOT NULL, "enabled_at" TIMESTAMP WITH TIME ZONE, "last_time_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_two_factor" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "two_factor_recovery_code" ADD CONSTRAINT "fk_two_factor_recovery_code_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_two_factor" ADD CONSTRAINT "fk_user_two_factor_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "user_two_factor" DROP CONSTRAINT "fk_user_two_factor_user"');
    await queryRunner.query(
      'ALTER TABLE "two_factor_recovery_code" DROP CONSTRAINT "fk_two_factor_recovery_code_user"',
    );
    await queryRunner.query('DROP TABLE "user_two_factor"');
    await queryRunner.query('DROP INDEX "public"."uq_two_factor_recovery_code_user_hash"');
    await queryRunner.query('DROP TABLE "two_factor_recovery_code"');
  }
}
