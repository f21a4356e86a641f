import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { PASSWORD_RESET_JOB } from '../../src/auth/auth.service.js';
import { PasswordHasher } from '../../src/auth/password-hasher.js';
import { createMerchant, csrfFrom, platformHost } from '../factories/accounts.js';
import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The account forms' limits under concurrency. TRUST_PROXY is on so each test speaks from its
 * own address (X-Forwarded-For → req.ip) and the per-IP counters of one test never reach another.
 */
describe('throttles of the account forms', () => {
  let t: TestApp;
  let host: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' }, workers: true });
    host = platformHost(t);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  let lastIp = 0;
  const newIp = () => `203.0.113.${++lastIp}`;

  /** A form page's agent and CSRF token, so many POSTs can go out at once. */
  async function formAgent(path: string, ip: string) {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get(path).set('Host', host).set('X-Forwarded-For', ip).expect(200);
    const csrf = csrfFrom(page.text);
    const post = (form: Record<string, string>) =>
      agent
        .post(path)
        .set('Host', host)
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: csrf, ...form });
    return { post };
  }

  const countBy = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

  async function resetJobsFor(emails: string[]): Promise<number> {
    const [row] = await t.db.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'email' = ANY($2)",
      [PASSWORD_RESET_JOB.name, emails],
    );
    return row.n as number;
  }

  describe('log-in', () => {
    it('lets exactly the configured number of 60 concurrent wrong passwords be checked; the rest get 429', async () => {
      const m = await createMerchant(t);
      const form = await formAgent('/login', newIp());
      const res = await Promise.all(
        Array.from({ length: 60 }, () => form.post({ email: m.email, password: 'wrong password!!' })),
      );
      const limit = t.config.throttle.loginPerAccount;
      expect(limit).toBe(10);
      expect(countBy(res.map((r) => r.status))).toEqual({ 401: limit, 429: 60 - limit });
      expect(res.find((r) => r.status === 429)!.text).toContain('Too many attempts.');
      // Each 429 says when to come back: within the 15-minute window.
      const waits = res.filter((r) => r.status === 429).map((r) => Number(r.headers['retry-after']));
      expect(waits.every((s) => Number.isInteger(s) && s >= 1 && s <= 15 * 60)).toBe(true);
    });

    // Sent first, the right password usually wins a slot; sent 31st, it usually does not.
    it.each([0, 30])(
      'runs at most the configured number of password guesses for 40 concurrent attempts, the right password sent #%i',
      async (right) => {
        const m = await createMerchant(t);
        const hasher = t.app.get(PasswordHasher);
        const verify = jest.spyOn(hasher, 'verify');
        const form = await formAgent('/login', newIp());
        const res = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            form.post({ email: m.email, password: i === right ? m.password : 'wrong password!!' }),
          ),
        );
        const limit = t.config.throttle.loginPerAccount;
        const wrongChecks = verify.mock.calls.filter(([, password]) => password !== m.password).length;
        // Whichever requests won a slot: no more guesses were checked than the limit allows.
        expect(wrongChecks).toBeLessThanOrEqual(limit);
        expect(verify.mock.calls.length).toBeLessThanOrEqual(limit + 1);
        const others = res.filter((_, i) => i !== right).map((r) => r.status);
        expect(countBy(others)[401]).toBe(wrongChecks);
        expect(others.every((s) => s === 401 || s === 429)).toBe(true);
        // The right password logs in if it won a slot, and is refused like the others if not.
        expect([303, 429]).toContain(res[right].status);
        const rightChecked = verify.mock.calls.some(([, password]) => password === m.password);
        expect(res[right].status === 303).toBe(rightChecked);
      },
    );

    it('gives a successful attempt back: the owner logging in often is never blocked', async () => {
      const m = await createMerchant(t);
      const ip = newIp();
      for (let i = 0; i < t.config.throttle.loginPerAccount + 2; i++) {
        const form = await formAgent('/login', ip);
        await form.post({ email: m.email, password: m.password }).expect(303);
      }
    });
  });

  describe('forgot-password', () => {
    it('mails 3 links for 30 concurrent requests for one address, answers all 30 alike, and only the newest link works', async () => {
      const m = await createMerchant(t);
      const form = await formAgent('/forgot-password', newIp());
      const res = await Promise.all(Array.from({ length: 30 }, () => form.post({ email: m.email })));
      expect(res.every((r) => r.status === 200)).toBe(true);
      expect(new Set(res.map((r) => r.text)).size).toBe(1);
      expect(res[0].text).toContain('If an account exists');

      const limit = t.config.throttle.resetPerEmail;
      expect(limit).toBe(3);
      expect(await resetJobsFor([m.email])).toBe(limit);
      const mails = await eventually(async () => {
        const rows = await t.db.query('SELECT text_body FROM outbox_mail WHERE to_address = $1', [m.email]);
        return rows.length === limit ? (rows as Array<{ text_body: string }>) : null;
      });
      await eventually(async () => {
        const [row] = await t.db.query(
          "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'",
          [PASSWORD_RESET_JOB.name],
        );
        return row.n === 0;
      });
      const outstanding = await t.db.query(
        'SELECT 1 FROM password_reset_token WHERE user_id = $1 AND used_at IS NULL',
        [m.user.id],
      );
      expect(outstanding).toHaveLength(1);
      const statuses = [];
      for (const mail of mails) {
        const token = /token=(\S+)/.exec(mail.text_body)![1];
        statuses.push(
          (await request(t.app.getHttpServer()).get(`/reset-password?token=${token}`).set('Host', host))
            .status,
        );
      }
      expect(statuses.sort()).toEqual([200, 410, 410]);
    });

    it('queues at most 20 requests per IP an hour, whatever the addresses, and answers the refused ones alike', async () => {
      const form = await formAgent('/forgot-password', newIp());
      const emails = Array.from(
        { length: 25 },
        (_, i) => `nobody-${i}-${randomBytes(3).toString('hex')}@example.com`,
      );
      const res = await Promise.all(emails.map((email) => form.post({ email })));
      expect(res.every((r) => r.status === 200)).toBe(true);
      const bodies = res.map((r, i) => r.text.replaceAll(emails[i], 'EMAIL'));
      expect(new Set(bodies).size).toBe(1);
      expect(t.config.throttle.resetPerIp).toBe(20);
      expect(await resetJobsFor(emails)).toBe(20);
    });

    it('does the same statements for a known and an unknown address, and queues one job for each', async () => {
      const m = await createMerchant(t);
      const unknown = `nobody-${randomBytes(4).toString('hex')}@example.com`;
      const statementsOf = async (email: string) => {
        const form = await formAgent('/forgot-password', newIp());
        // TypeORM's statements, and the raw ones (the throttle's, pg-boss's) sent through a pool.
        const orm = jest.spyOn(t.db.logger, 'logQuery');
        const raw = jest.spyOn(pg.Pool.prototype, 'query');
        await form.post({ email }).expect(200);
        const statements = [...orm.mock.calls, ...raw.mock.calls].map(([sql]) =>
          typeof sql === 'string' ? sql : (sql as { text: string }).text,
        );
        orm.mockRestore();
        raw.mockRestore();
        // The job workers poll in the background; what they send is not the request's doing.
        return statements.filter((sql) => !/skip locked/i.test(sql));
      };
      const known = await statementsOf(m.email);
      const other = await statementsOf(unknown);
      expect(other).toEqual(known);
      // Not vacuous: the request counted the address and the IP and queued the job.
      expect(known.filter((sql) => sql.includes('INSERT INTO "login_throttle"'))).toHaveLength(2);
      expect(known.filter((sql) => sql.includes("'auth.password-reset' as name"))).toHaveLength(1);
      expect(await resetJobsFor([m.email])).toBe(1);
      expect(await resetJobsFor([unknown])).toBe(1);
    });
  });

  describe('sign-up', () => {
    it('accepts 5 of 10 concurrent sign-ups from one IP and refuses the rest with 429', async () => {
      const ip = newIp();
      const forms = await Promise.all(Array.from({ length: 10 }, () => formAgent('/signup', ip)));
      const emails = forms.map((_, i) => `signup-${i}-${randomBytes(3).toString('hex')}@example.com`);
      const res = await Promise.all(
        forms.map((form, i) =>
          form.post({
            email: emails[i],
            password: 'a long enough passphrase',
            shopName: `Burst ${i}`,
            slug: `burst-${i}-${randomBytes(3).toString('hex')}`,
            currency: 'eur',
            country: 'FR',
          }),
        ),
      );
      const limit = t.config.throttle.signupPerIp;
      expect(limit).toBe(5);
      expect(countBy(res.map((r) => r.status))).toEqual({ 303: limit, 429: 10 - limit });
      expect(res.find((r) => r.status === 429)!.text).toContain('Too many new accounts from your network');
      // Each 429 says when to come back: within the hour.
      const waits = res.filter((r) => r.status === 429).map((r) => Number(r.headers['retry-after']));
      expect(waits.every((s) => Number.isInteger(s) && s >= 1 && s <= 60 * 60)).toBe(true);
      const [row] = await t.db.query('SELECT count(*)::int AS n FROM app_user WHERE email = ANY($1)', [
        emails,
      ]);
      expect(row.n).toBe(limit);
    });

    it('does not count a sign-up that fails validation', async () => {
      const form = await formAgent('/signup', newIp());
      for (let i = 0; i < t.config.throttle.signupPerIp + 2; i++) {
        await form.post({ email: 'not an email', password: 'short' }).expect(422);
      }
    });
  });
});
