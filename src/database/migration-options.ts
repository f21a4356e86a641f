import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.ts';

/*
 * This file and migrate.ts import with `.ts` extensions and use only erasable TypeScript, so
 * Node can load them natively (Jest's globalSetup does: it does not transform nested imports).
 */

/** Options shared by every DataSource: where migrations are and how they run. */
export const MIGRATION_OPTIONS = {
  type: 'postgres',
  migrations: MIGRATIONS,
  migrationsTableName: 'typeorm_migrations',
  migrationsTransactionMode: 'each',
  synchronize: false,
  migrationsRun: false,
  logging: false,
} as const satisfies Partial<DataSourceOptions>;
