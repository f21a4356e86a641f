import type { DataSource } from 'typeorm';

/**
 * A read that tolerates replication lag (a storefront page), sent to a streaming replica when
 * DATABASE_REPLICA_URLS names one, else to the primary. Callers name such paths one by one: every
 * write, transaction and read-after-write uses the data source's default ('master') mode.
 *
 * A replica that cannot be reached, or that cancels the query for a conflict with recovery
 * (SQLSTATE 40001), costs one retry on the primary instead of an error page: the primary has
 * every row a replica has.
 */
export async function replicaQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    try {
      await runner.connect();
    } catch {
      return await dataSource.query<T>(sql, params);
    }
    try {
      return (await runner.query(sql, params)) as T;
    } catch (err) {
      if (!isReplicaTrouble(err)) throw err;
      return await dataSource.query<T>(sql, params);
    }
  } finally {
    await runner.release();
  }
}

function isReplicaTrouble(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  // 40001: canceled on conflict with recovery; 57P0x: the server is shutting down or restarting;
  // 08xxx or no SQLSTATE at all: the connection broke.
  return (
    code === undefined ||
    code === '40001' ||
    code.startsWith('57P') ||
    code.startsWith('08') ||
    /^E[A-Z]+$/.test(code) // a Node socket error (ECONNRESET, …)
  );
}
