import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres.ts';
import { cleanups } from './processes.ts';
import type { BenchShop } from './seed.ts';
import { log } from './util.ts';

export async function startDatabase(tmp: string): Promise<EmbeddedPostgresHandle> {
  log('starting PostgreSQL');
  const first = await startEmbeddedPostgres({ dir: tmp });
  // pg_stat_statements counts statements per request; it must be preloaded, hence a restart.
  const admin = new pg.Client({ connectionString: first.adminUrl });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.query(`ALTER SYSTEM SET pg_stat_statements.max = 10000`);
  await admin.end();
  await first.stop();
  const handle = await startEmbeddedPostgres({ dir: tmp });
  cleanups.push(() => handle.stop());
  await handle.ensureDatabase('bench');
  const db = new pg.Client({ connectionString: handle.urlFor('bench') });
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.end();
  return handle;
}

export class StatementCounter {
  backgroundPerSecond = 0;
  private readonly db: pg.Client;
  constructor(db: pg.Client) {
    this.db = db;
  }

  async total(): Promise<number> {
    const r = await this.db.query<{ n: string }>(
      `SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
    );
    return Number(r.rows[0].n);
  }

  async reset(): Promise<void> {
    await this.db.query('SELECT pg_stat_statements_reset()');
  }

  async printTop(limit = 8): Promise<void> {
    const r = await this.db.query<{ calls: string; ms: string; mean: string; wal: string; query: string }>(
      `SELECT calls, round(total_exec_time::numeric) AS ms, round(mean_exec_time::numeric, 3) AS mean,
              wal_records AS wal, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = current_database() AND query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    for (const x of r.rows)
      log(`    ${x.ms} ms  ${x.calls} calls  ${x.mean} ms each  ${x.wal} WAL  ${x.query}`);
  }

  async measureBackground(seconds = 3): Promise<void> {
    const a = await this.total();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    this.backgroundPerSecond = Math.max(0, (await this.total()) - a - 1) / seconds;
  }
}

export async function firstProduct(db: pg.Client, shop: BenchShop): Promise<string> {
  const r = await db.query<{ id: string }>(
    'SELECT id FROM product WHERE shop_id = $1 AND (stock IS NULL OR stock > 0) ORDER BY sort_order LIMIT 1',
    [shop.id],
  );
  return r.rows[0].id;
}
