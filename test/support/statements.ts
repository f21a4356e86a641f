import { jest } from '@jest/globals';
import pg from 'pg';

/**
 * Every SQL statement the app sends while `fn` runs, in order: TypeORM, the session store and
 * pg-boss all go through pg's Client#query (BEGIN/COMMIT count, as in pg_stat_statements).
 * Start no other database work in the same process meanwhile.
 */
export async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  const record = function (this: pg.Client, ...args: unknown[]): unknown {
    const first = args[0] as string | { text?: string } | undefined;
    seen.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(record);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}
