import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrdersLookupIndexes1796126505413 implements MigrationInterface {
  name = 'OrdersLookupIndexes1796126505413';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_payment_intent" ON "shop_order"  ("stripe_payment_intent_id") WHERE stripe_payment_intent_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_charge" ON "shop_order"  ("stripe_charge_id") WHERE stripe_charge_id IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_status_list" ON "shop_order"  ("shop_id", "status", "created_at", "id") ',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_status_list"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_charge"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_payment_intent"');
  }
}
