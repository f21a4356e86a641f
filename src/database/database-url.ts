import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';

export const EMBEDDED_DATABASE = 'comptoir';

/**
 * Resolves where the database is: DATABASE_URL, or the embedded PostgreSQL under
 * `$DATA_DIR/postgres`, started (or attached to) here. The caller stops `embedded` on shutdown.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (config.database.url) return { url: config.database.url };
  const embedded = await startEmbeddedPostgres({
    dir: join(config.dataDir, 'postgres'),
    port: config.database.embeddedPort,
    log,
  });
  await embedded.ensureDatabase(EMBEDDED_DATABASE);
  return { url: embedded.urlFor(EMBEDDED_DATABASE), embedded };
}
