import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1796126107190 implements MigrationInterface {
  name = 'Orders1796126107190';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "shop_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "number" integer NOT NULL, "status" character varying(24) NOT NULL DEFAULT \'pending\', "fulfilment_status" character varying(16) NOT NULL DEFAULT \'unfulfilled\', "tracking_note" text, "currency" character varying(3) NOT NULL, "total_amount" integer NOT NULL, "application_fee_amount" integer NOT NULL, "amount_refunded" integer NOT NULL DEFAULT \'0\', "fee_refunded_amount" integer NOT NULL DEFAULT \'0\', "customer_email" text, "shipping_address" jsonb, "stripe_account_id" text, "stripe_checkout_session_id" text, "stripe_payment_intent_id" text, "stripe_charge_id" text, "checkout_expires_at" TIMESTAMP WITH TIME ZONE, "cart_fingerprint" text, "status_token_hash" text, "stock_reserved" boolean NOT NULL DEFAULT false, "dispute_id" text, "dispute_status" text, "flagged_at" TIMESTAMP WITH TIME ZONE, "flag_reason" text, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_shop_order" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_unsettled" ON "shop_order"  ("status", "created_at") WHERE status IN (\'pending\', \'awaiting_payment\')',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_email" ON "shop_order"  ("shop_id", "customer_email") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_status" ON "shop_order"  ("shop_id", "status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_list" ON "shop_order"  ("shop_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_order_checkout_session" ON "shop_order"  ("stripe_checkout_session_id") WHERE stripe_checkout_session_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_order_number" ON "shop_order"  ("shop_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "shop_order_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "order_id" uuid NOT NULL, "type" text NOT NULL, "detail" jsonb NOT NULL DEFAULT \'{}\', "stripe_event_id" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_shop_order_event" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_event_order" ON "shop_order_event"  ("shop_id", "order_id", "at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "shop_order_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "order_id" uuid NOT NULL, "product_id" uuid NOT NULL, "name" text NOT NULL, "unit_amount" integer NOT NULL, "quantity" integer NOT NULL, "stripe_price_id" text, CONSTRAINT "pk_shop_order_item" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_item_order" ON "shop_order_item"  ("shop_id", "order_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "shop_order_number" ("shop_id" uuid NOT NULL, "last_number" integer NOT NULL DEFAULT \'0\', CONSTRAINT "pk_shop_order_number" PRIMARY KEY ("shop_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "shop_refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "order_id" uuid NOT NULL, "amount" integer NOT NULL, "currency" character varying(3) NOT NULL, "status" character varying(16) NOT NULL DEFAULT \'pending\', "refund_application_fee" boolean NOT NULL DEFAULT false, "reason" text, "stripe_refund_id" text, "idempotency_key" text, "created_by_user_id" uuid, "last_error" text, "attempts" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_shop_refund" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_refund_idempotency" ON "shop_refund"  ("idempotency_key") WHERE idempotency_key IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_shop_refund_stripe" ON "shop_refund"  ("stripe_refund_id") WHERE stripe_refund_id IS NOT NULL',
    );
    await queryRunner.query('CREATE INDEX "ix_shop_refund_order" ON "shop_refund"  ("shop_id", "order_id") ');
    await queryRunner.query(
      'ALTER TABLE "shop_order" ADD CONSTRAINT "fk_shop_order_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_order_event" ADD CONSTRAINT "fk_shop_order_event_order" FOREIGN KEY ("order_id") REFERENCES "shop_order"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_order_item" ADD CONSTRAINT "fk_shop_order_item_order" FOREIGN KEY ("order_id") REFERENCES "shop_order"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shop_refund" ADD CONSTRAINT "fk_shop_refund_order" FOREIGN KEY ("order_id") REFERENCES "shop_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop_refund" DROP CONSTRAINT "fk_shop_refund_order"');
    await queryRunner.query('ALTER TABLE "shop_order_item" DROP CONSTRAINT "fk_shop_order_item_order"');
    await queryRunner.query('ALTER TABLE "shop_order_event" DROP CONSTRAINT "fk_shop_order_event_order"');
    await queryRunner.query('ALTER TABLE "shop_order" DROP CONSTRAINT "fk_shop_order_shop"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_refund_order"');
    await queryRunner.query('DROP INDEX "public"."uq_shop_refund_stripe"');
    await queryRunner.query('DROP INDEX "public"."uq_shop_refund_idempotency"');
    await queryRunner.query('DROP TABLE "shop_refund"');
    await queryRunner.query('DROP TABLE "shop_order_number"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_item_order"');
    await queryRunner.query('DROP TABLE "shop_order_item"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_event_order"');
    await queryRunner.query('DROP TABLE "shop_order_event"');
    await queryRunner.query('DROP INDEX "public"."uq_shop_order_number"');
    await queryRunner.query('DROP INDEX "public"."uq_shop_order_checkout_session"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_list"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_status"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_email"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_unsettled"');
    await queryRunner.query('DROP TABLE "shop_order"');
  }
}
