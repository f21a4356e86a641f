import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1796124102134 implements MigrationInterface {
  name = 'Accounts1796124102134';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "http_session" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, CONSTRAINT "pk_http_session" PRIMARY KEY ("sid"))',
    );
    await queryRunner.query('CREATE INDEX "ix_http_session_user" ON "http_session"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "ix_http_session_expire" ON "http_session"  ("expire") ');
    await queryRunner.query(
      'CREATE TABLE "login_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT \'0\', "expire" bigint, CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL DEFAULT \'merchant\', "disabled_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_app_user_role" CHECK ("role" IN (\'merchant\', \'admin\')), CONSTRAINT "pk_app_user" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE "password_reset_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_password_reset_token" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_password_reset_token_user" ON "password_reset_token"  ("user_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_password_reset_token_hash" ON "password_reset_token"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "to_address" text NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "status" text NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_outbox_mail_status" CHECK ("status" IN (\'pending\', \'sent\', \'failed\')), CONSTRAINT "pk_outbox_mail" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_outbox_mail_created" ON "outbox_mail"  ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "shop" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_user_id" uuid NOT NULL, "name" text NOT NULL, "slug" text NOT NULL, "currency" character varying(3) NOT NULL, "country" character varying(2) NOT NULL, "description" text NOT NULL DEFAULT \'\', "brand_colour" character varying(7), "logo_path" text, "contact_email" text, "statement_descriptor_suffix" character varying(22), "suspended_at" TIMESTAMP WITH TIME ZONE, "suspended_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_shop" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_shop_owner" ON "shop"  ("owner_user_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_shop_slug" ON "shop"  ("slug") ');
    await queryRunner.query(
      'ALTER TABLE "password_reset_token" ADD CONSTRAINT "fk_password_reset_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop" ADD CONSTRAINT "fk_shop_owner_user" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" DROP CONSTRAINT "fk_shop_owner_user"');
    await queryRunner.query(
      'ALTER TABLE "password_reset_token" DROP CONSTRAINT "fk_password_reset_token_user"',
    );
    await queryRunner.query('DROP INDEX "public"."uq_shop_slug"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_owner"');
    await queryRunner.query('DROP TABLE "shop"');
    await queryRunner.query('DROP INDEX "public"."ix_outbox_mail_created"');
    await queryRunner.query('DROP TABLE "outbox_mail"');
    await queryRunner.query('DROP INDEX "public"."uq_password_reset_token_hash"');
    await queryRunner.query('DROP INDEX "public"."ix_password_reset_token_user"');
    await queryRunner.query('DROP TABLE "password_reset_token"');
    await queryRunner.query('DROP INDEX "public"."uq_app_user_email"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP TABLE "login_throttle"');
    await queryRunner.query('DROP INDEX "public"."ix_http_session_expire"');
    await queryRunner.query('DROP INDEX "public"."ix_http_session_user"');
    await queryRunner.query('DROP TABLE "http_session"');
  }
}
