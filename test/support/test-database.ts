import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../../src/database/embedded-postgres.js';

const TEMPLATE_DB = 'comptoir_template';

function adminUrl(): string {
  const url = process.env.COMPTOIR_TEST_ADMIN_URL;
  if (!url) throw new Error('COMPTOIR_TEST_ADMIN_URL is unset: run the tests with `npm test`');
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: this test file's alone. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${TEMPLATE_DB}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
