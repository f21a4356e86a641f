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
  // uuid primary keys default to gen_random_uuid() (core since PostgreSQL 13), so no extension
  // (uuid-ossp) has to be installed, which migrations run without entities would not do.
  uuidExtension: 'pgcrypto',
  installExtensions: false,
} as const satisfies Partial<DataSourceOptions>;
