import { jest } from '@jest/globals';
import { Clock } from '../../src/common/clock.js';
import { createMerchant, loginAgent } from '../factories/accounts.js';
import { statementsDuring } from '../support/statements.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const isSessionWrite = (sql: string) => /^\s*(INSERT|UPDATE)\b[\s\S]*"?http_session"?/i.test(sql);

/**
 * A dashboard page costs two statements (the session row joined to its user and their shop,
 * then the page's own query) and a session's activity is written at most once a minute, while the idle timeout
 * and a disabled account still end a session on time.
 */
describe('sessions: activity written once a minute, timeouts and disabling still immediate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' } });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('20 simultaneous dashboard requests write the session at most once; each costs 2 statements (session with user and shop, the page)', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const clock = t.app.get(Clock);
    const start = Date.now();
    const burst = () =>
      statementsDuring(async () => {
        const replies = await Promise.all(Array.from({ length: 20 }, () => a.get('/dashboard/orders')));
        expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
      });

    // Two minutes after log-in the recorded activity is stale: one of the 20 records it.
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start + 2 * 60_000));
    const first = await burst();
    expect(first.filter(isSessionWrite)).toHaveLength(1);
    expect(first.length).toBeLessThanOrEqual(20 * 3 + 1);

    // Thirty seconds later: nothing to record, nothing written, not even a touch of the expiry.
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start + 2 * 60_000 + 30_000));
    const second = await burst();
    expect(second.filter(isSessionWrite)).toHaveLength(0);
    expect(second.filter((sql) => /http_session/.test(sql))).toHaveLength(20); // the reads
    expect(second).toHaveLength(20 * 2);
  });

  it('a session used every 50 s outlives the 30-minute idle timeout, then ends after 31 idle minutes', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const clock = t.app.get(Clock);
    const start = Date.now();
    let at = start;
    for (; at <= start + 45 * 60_000; at += 50_000) {
      jest.spyOn(clock, 'now').mockReturnValue(new Date(at));
      await a.get('/dashboard').expect(200);
    }
    jest.spyOn(clock, 'now').mockReturnValue(new Date(at + 28 * 60_000));
    await a.get('/dashboard').expect(200);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(at + 28 * 60_000 + 31 * 60_000));
    const ended = await a.get('/dashboard').expect(303);
    expect(ended.headers.location).toBe('/login?next=%2Fdashboard&expired=1');
    expect(await t.db.query('SELECT 1 FROM http_session WHERE user_id = $1', [m.user.id])).toHaveLength(0);
  });

  it("refuses a disabled user's open session at its very next request, even if its row survived", async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    await a.get('/dashboard/orders').expect(200);
    // As if the account were disabled by another process whose session clean-up had not run.
    await t.db.query('UPDATE app_user SET disabled_at = now() WHERE id = $1', [m.user.id]);
    const refused = await a.get('/dashboard/orders').expect(303);
    expect(refused.headers.location).toMatch(/^\/login/);
    await a.get('/dashboard/orders').expect(303);
  });
});
