/**
 * What every process of the app does first: the web process (main.ts), the worker (worker.ts)
 * and the command-line tools (src/cli/) read the config the same way, find or start the same
 * database and apply migrations under the same rule; the tools also share how they run and exit.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { resolveDatabase } from './database/database-url.js';
import type { EmbeddedPostgresHandle } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';

/** The config from the environment; a ConfigError prints its list of problems and exits 1. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export interface OpenDatabase {
  url: string;
  /** The embedded PostgreSQL when this process started it (no DATABASE_URL): stop it last. */
  embedded?: EmbeddedPostgresHandle;
  /** Migrations applied now, oldest first. */
  applied: string[];
}

/**
 * DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (started or attached to), migrated to
 * head when `migrate` (the web process and admin:create, as DATABASE_RUN_MIGRATIONS says; the
 * worker never migrates).
 */
export async function openDatabase(
  config: AppConfig,
  options: { migrate?: boolean; log?: (line: string) => void } = {},
): Promise<OpenDatabase> {
  const { url, embedded } = await resolveDatabase(config, options.log);
  const applied = options.migrate ? await runMigrations(url) : [];
  return { url, embedded, applied };
}

/** A tool's config: as the app's, but quiet (errors only) unless LOG_LEVEL says otherwise. */
export function commandConfig(): AppConfig {
  return configOrExit({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
}

/**
 * Runs a tool on the configured database and stops a database it started, whatever happens;
 * `use` gets the database URL.
 */
export async function withDatabase<T>(
  config: AppConfig,
  options: { migrate?: boolean },
  use: (url: string) => Promise<T>,
): Promise<T> {
  const { url, embedded } = await openDatabase(config, options);
  try {
    return await use(url);
  } finally {
    await embedded?.stop();
  }
}

/**
 * Runs a tool with the app's services (a Nest application context: no HTTP server, no job
 * workers) on the configured database; closes the context, then a database it started.
 */
export function withAppContext<T>(
  config: AppConfig,
  options: { migrate?: boolean },
  use: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withDatabase(config, options, async (url) => {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), {
      logger: ['error'],
    });
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  });
}

/**
 * A tool's process: `main` resolves to the exit code; a failure prints its message (with the
 * stack when `stack`) on stderr and exits 1.
 */
export function runCommand(main: () => Promise<number>, options: { stack?: boolean } = {}): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const text =
        err instanceof Error ? ((options.stack ? err.stack : undefined) ?? err.message) : String(err);
      process.stderr.write(`${text}\n`);
      process.exit(1);
    },
  );
}
