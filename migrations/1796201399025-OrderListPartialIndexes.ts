import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderListPartialIndexes1796201399025 implements MigrationInterface {
  name = 'OrderListPartialIndexes1796201399025';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_list_unpaid" ON "shop_order"  ("shop_id", "created_at", "id") WHERE status IN (\'pending\', \'expired\', \'payment_failed\')',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_shop_order_list_listed" ON "shop_order"  ("shop_id", "created_at", "id") WHERE status IN (\'paid\', \'partially_refunded\', \'refunded\', \'awaiting_payment\')',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_list_listed"');
    await queryRunner.query('DROP INDEX "public"."ix_shop_order_list_unpaid"');
  }
}
