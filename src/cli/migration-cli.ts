/**
 * Migration commands, run on the compiled app (`npm run migration:*` builds first):
 *   generate <Name>  diff the entities against a scratch database migrated to head, write
 *                    migrations/<timestamp>-<Name>.ts and refresh migrations/index.ts
 *   check            exit 1 when entities and migrations differ (the drift check)
 *   run | revert     apply / undo migrations on the configured database
 * Works with DATABASE_URL or the embedded PostgreSQL, like the app.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ENTITIES } from '../entities.js';
import { createDataSource } from '../database/data-source.js';
import { quoteIdent } from '../database/embedded-postgres.js';
import { configOrExit, runCommand, withDatabase } from '../startup.js';

const MIGRATIONS_DIR = resolve('migrations');

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  return withDatabase(configOrExit(), {}, async (url) => {
    switch (command) {
      case 'generate':
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          process.stderr.write('usage: npm run migration:generate -- <PascalCaseName>\n');
          return 2;
        }
        return await withScratchDatabase(url, (ds) => generate(ds, name));
      case 'check':
        return await withScratchDatabase(url, check);
      case 'run': {
        const ds = await createDataSource(url, ENTITIES).initialize();
        const applied = await ds.runMigrations({ transaction: 'each' });
        process.stdout.write(`applied ${applied.length} migration(s)\n`);
        await ds.destroy();
        return 0;
      }
      case 'revert': {
        const ds = await createDataSource(url, ENTITIES).initialize();
        await ds.undoLastMigration({ transaction: 'each' });
        await ds.destroy();
        return 0;
      }
      default:
        process.stderr.write('usage: migration-cli generate <Name> | check | run | revert\n');
        return 2;
    }
  });
}

/** Runs `fn` against a fresh database migrated to head, so neither command touches real data. */
async function withScratchDatabase(url: string, fn: (ds: DataSource) => Promise<number>): Promise<number> {
  const scratch = `comptoir_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(scratch)}`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${scratch}`;
  const ds = createDataSource(scratchUrl.toString(), ENTITIES);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    return await fn(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`);
    await admin.end();
  }
}

async function pendingSchemaChanges(ds: DataSource) {
  return ds.driver.createSchemaBuilder().log();
}

async function check(ds: DataSource): Promise<number> {
  const { upQueries } = await pendingSchemaChanges(ds);
  if (upQueries.length === 0) {
    process.stdout.write('migrations match the entities\n');
    return 0;
  }
  process.stderr.write(
    'Entities and migrations differ. Run `npm run migration:generate -- <Name>`, read the result, commit it.\n' +
      upQueries.map((q) => `  ${q.query}`).join('\n') +
      '\n',
  );
  return 1;
}

async function generate(ds: DataSource, name: string): Promise<number> {
  const { upQueries, downQueries } = await pendingSchemaChanges(ds);
  if (upQueries.length === 0) {
    process.stdout.write('no changes: entities and migrations already match\n');
    return 0;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const line = (q: { query: string; parameters?: unknown[] }) =>
    `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
  const file = join(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${upQueries.map(line).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${[...downQueries].reverse().map(line).join('\n')}
  }
}
`,
  );
  writeIndex();
  execFileSync(resolve('node_modules/.bin/prettier'), ['--write', file, join(MIGRATIONS_DIR, 'index.ts')], {
    stdio: 'ignore',
  });
  process.stdout.write(`wrote ${file}: read it before committing\n`);
  return 0;
}

/** migrations/index.ts lists every migration class in order, so nothing is loaded by glob. */
function writeIndex(): void {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-[A-Za-z0-9]+\.ts$/.test(f))
    .sort();
  const entries = files.map((f) => {
    const [ts, name] = f.replace(/\.ts$/, '').split('-');
    return { file: f, cls: `${name}${ts}` };
  });
  writeFileSync(
    join(MIGRATIONS_DIR, 'index.ts'),
    `// Generated by \`npm run migration:generate\`: every migration, oldest first.\n` +
      entries.map((e) => `import { ${e.cls} } from './${e.file}';`).join('\n') +
      `\n\nexport const MIGRATIONS = [${entries.map((e) => e.cls).join(', ')}];\n`,
  );
}

runCommand(main, { stack: true });
