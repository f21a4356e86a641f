import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Country → zone for existing shops, as src/tenants/markets.ts had it when this ran. A copy, not an
 * import: a migration replays what it did then, whatever the table says later.
 */
const COUNTRY_ZONES: ReadonlyArray<[string, string]> = [
  ['AT', 'Europe/Vienna'],
  ['AU', 'Australia/Sydney'],
  ['BE', 'Europe/Brussels'],
  ['CA', 'America/Toronto'],
  ['CH', 'Europe/Zurich'],
  ['DE', 'Europe/Berlin'],
  ['DK', 'Europe/Copenhagen'],
  ['ES', 'Europe/Madrid'],
  ['FI', 'Europe/Helsinki'],
  ['FR', 'Europe/Paris'],
  ['GB', 'Europe/London'],
  ['IE', 'Europe/Dublin'],
  ['IT', 'Europe/Rome'],
  ['JP', 'Asia/Tokyo'],
  ['LU', 'Europe/Luxembourg'],
  ['NL', 'Europe/Amsterdam'],
  ['NO', 'Europe/Oslo'],
  ['NZ', 'Pacific/Auckland'],
  ['PL', 'Europe/Warsaw'],
  ['PT', 'Europe/Lisbon'],
  ['SE', 'Europe/Stockholm'],
  ['SG', 'Asia/Singapore'],
  ['US', 'America/New_York'],
];

export class TimeZones1796212334527 implements MigrationInterface {
  name = 'TimeZones1796212334527';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" ADD "time_zone" text');
    // Existing shops get their country's zone (UTC for a country not in the table), then the
    // column becomes required: new shops are given one by TenantService.createShop.
    await queryRunner.query('ALTER TABLE "shop" ADD "time_zone" text');
    const values = COUNTRY_ZONES.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
    await queryRunner.query(
      `UPDATE "shop" s SET "time_zone" = COALESCE(
         (SELECT z.zone FROM (VALUES ${values}) AS z(country, zone) WHERE z.country = s."country"), 'UTC')`,
      COUNTRY_ZONES.flat(),
    );
    await queryRunner.query('ALTER TABLE "shop" ALTER COLUMN "time_zone" SET NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "shop" DROP COLUMN "time_zone"');
    await queryRunner.query('ALTER TABLE "app_user" DROP COLUMN "time_zone"');
  }
}
