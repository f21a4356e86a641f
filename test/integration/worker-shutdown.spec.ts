import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { defineJob, JobQueue } from '../../src/jobs/job-queue.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const slowJob = defineJob<{ ms: number }>('test-slow-job', { retryLimit: 3, retryDelay: 1 });

/** The job's state, read with a connection of its own (the app's pools are closed by then). */
async function stateOf(databaseUrl: string, id: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [
      id,
    ]);
    return rows[0].state;
  } finally {
    await client.end();
  }
}

describe('graceful shutdown of the job workers', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function startSlowJob(env: Record<string, string>, ms: number) {
    t = await createTestApp({ workers: true, env });
    const queue = t.app.get(JobQueue);
    const handled = { started: 0, finished: 0 };
    await queue.work(slowJob, async ({ ms: wait }) => {
      handled.started++;
      await delay(wait);
      handled.finished++;
    });
    const id = (await queue.send(slowJob, { ms }))!;
    const deadline = Date.now() + 10_000;
    while (!handled.started) {
      if (Date.now() > deadline) throw new Error('the job never started');
      await delay(20);
    }
    return { id, handled };
  }

  it('lets a running job finish before closing', async () => {
    const { id, handled } = await startSlowJob({ SHUTDOWN_TIMEOUT_MS: '20000' }, 1500);
    await t.app.close();
    expect(handled.finished).toBe(1);
    expect(await stateOf(t.databaseUrl, id)).toBe('completed');
  });

  it('releases a job still running after SHUTDOWN_TIMEOUT_MS for a retry, never leaves it active', async () => {
    const { id } = await startSlowJob({ SHUTDOWN_TIMEOUT_MS: '1000' }, 60_000);
    const startedAt = Date.now();
    await t.app.close();
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await stateOf(t.databaseUrl, id)).toBe('retry');
  });
});
