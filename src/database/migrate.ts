import { DataSource } from 'typeorm';
import { MIGRATION_OPTIONS } from './migration-options.ts';

// Any constant works; it only has to be the same in every process of the app.
const MIGRATION_LOCK = 727_001;

/**
 * Runs `work` while holding the migrations' advisory lock (on a connection of its own from
 * `dataSource`), so that a one-time step after the migrations (the offline demo shop) runs in one
 * process only: the others wait, then find it done.
 */
export async function underMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Applies pending migrations under a Postgres advisory lock, so several processes booting at
 * once (app + worker, or a rolling deploy) never run the same migration twice. Entities are not
 * loaded: migrations are plain SQL.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = await new DataSource({ ...MIGRATION_OPTIONS, url, extra: { max: 1 } }).initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await ds.destroy();
  }
}
