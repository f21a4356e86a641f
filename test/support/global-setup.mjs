// Plain JS on purpose: Jest loads globalSetup with Node's own ESM loader, which resolves the
// `.ts` files below natively (type stripping); ts-jest would rewrite their extensions to `.js`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../src/database/migrate.ts';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.ts';

const TEMPLATE_DB = 'comptoir_template';

/**
 * Starts PostgreSQL once per test run (embedded, unless TEST_DATABASE_URL points at a server),
 * migrates a template database, and hands the server's URL to the test files through the
 * environment. Each test file then clones the template (test/support/test-database.ts).
 */
export default async function globalSetup() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-test-pg-'));
    const server = await startEmbeddedPostgres({ dir });
    globalThis.__COMPTOIR_PG__ = { server, dir };
    adminUrl = server.adminUrl;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await runMigrations(templateUrl.toString());
  process.env.COMPTOIR_TEST_ADMIN_URL = adminUrl;
}
