import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import type { LogDestination } from '../../src/app.module.js';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { createTestDatabase } from './test-database.js';
import { freePort } from '../../src/database/embedded-postgres.js';
export { freePort };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: DataSource;
  databaseUrl: string;
  /** Set when started with `listen: true`, e.g. `http://localhost:41234`. */
  baseUrl?: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Listen on a free port (browser tests); supertest needs no port. */
  listen?: boolean;
  /** Start the job workers, as `npm start` does. */
  workers?: boolean;
  /** Extra modules for this app, e.g. test-only Stripe event handlers. */
  imports?: Type[];
  /**
   * Boot against this database (another TestApp's `databaseUrl`) instead of a fresh one: two
   * app processes sharing one database. Such an app does not drop the database on close.
   */
  databaseUrl?: string;
  /** Capture the app's log lines (set `env.LOG_LEVEL` too: tests log nothing by default). */
  logDestination?: LogDestination;
}

/** Boots the whole app against this file's own database, as `npm start` would. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-test-data-'));
  const port = options.listen ? await freePort() : 3000;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: 'test-session-secret-test-session-secret',
    // No emulator in most tests: a spec that wants the endpoints registered sets it to true.
    WEBHOOK_ENDPOINT_SETUP: 'false',
    DEMO_SHOP: 'false',
    ...options.env,
  });
  const app = await createApp(config, database.url, options.imports, options.logDestination);
  if (options.listen) await app.listen(port);
  else await app.init();
  if (options.workers) await app.get(JobQueue).startWorkers();
  return {
    app,
    config,
    db: app.get(DataSource),
    databaseUrl: database.url,
    baseUrl: options.listen ? config.appUrl : undefined,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
