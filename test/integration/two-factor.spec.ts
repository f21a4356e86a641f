import { createHash, randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { generateURI } from 'otplib';
import QRCode from 'qrcode';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { SecondStepThrottle } from '../../src/auth/two-factor/second-step-throttle.js';
import { createAdmin, createMerchant, loginAgent, platformHost } from '../factories/accounts.js';
import { appRoutes, auditCount } from '../factories/admin.js';
import {
  currentCode,
  enrol,
  loginWithCode,
  passwordStep,
  type PendingLogIn,
} from '../factories/two-factor.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const STEP_MS = 30_000;

/**
 * `n` sessions at the second step, made one after another: the password's own throttle counts
 * concurrent attempts before giving successes back, so concurrent password steps would trip it.
 */
async function pendingLogIns(t: TestApp, who: { email: string; password: string }, n: number) {
  const pendings: PendingLogIn[] = [];
  for (let i = 0; i < n; i++) pendings.push(await passwordStep(t, who));
  return pendings;
}

describe('two-factor authentication (TOTP)', () => {
  let t: TestApp;
  let now: number;
  /** Moves the app's clock to the next 30-second TOTP window(s). */
  const nextWindow = (steps = 1) => {
    now += steps * STEP_MS;
  };
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(() => {
    // Fresh windows per test, aligned to the start of a step so codes don't straddle two.
    now = Math.floor(Date.now() / STEP_MS) * STEP_MS + 1_000;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  /** Lets every attempt through, to test replay and single use alone (the throttle has its own test). */
  const withoutThrottle = () =>
    jest
      .spyOn(SecondStepThrottle.prototype, 'attempt')
      .mockImplementation(() => Promise.resolve({ giveBack: () => Promise.resolve() }));

  describe('enrolment', () => {
    it('shows a server-made QR code of the otpauth URI and the key, and turns on only with a right code', async () => {
      const m = await createMerchant(t);
      const a = await loginAgent(t, m);
      expect((await a.get('/account').expect(200)).text).toMatch(/two-factor-state'>Off/);

      const page = await a.get('/account/two-factor').expect(200);
      expect(page.headers['cache-control']).toContain('no-store');
      const secret = /data-secret='([A-Z2-7]+)'/.exec(page.text)![1];
      const uri = generateURI({ issuer: 'Comptoir', label: m.email, secret });
      expect(uri).toMatch(/^otpauth:\/\/totp\/Comptoir:.*issuer=Comptoir/);
      const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      expect(page.text).toContain(svg);
      // Reloading keeps the key the app may already hold.
      expect((await a.get('/account/two-factor').expect(200)).text).toContain(`data-secret='${secret}'`);

      const wrong = await a.post('/account/two-factor', { code: '000000' }).expect(422);
      expect(wrong.text).toContain('That code is not valid');
      expect((await a.get('/account').expect(200)).text).toMatch(/two-factor-state'>Off/);

      const done = await a.post('/account/two-factor', { code: await currentCode(t, secret) }).expect(200);
      const codes = [...done.text.matchAll(/<li><code>([a-z2-9-]{19})<\/code><\/li>/g)].map((x) => x[1]);
      expect(new Set(codes).size).toBe(10);
      expect((await a.get('/account').expect(200)).text).toMatch(
        /two-factor-state'>On[\s\S]*10 unused recovery/,
      );

      // At rest: the secret encrypted, the recovery codes hashed.
      const [row] = await t.db.query('SELECT secret_encrypted FROM user_two_factor WHERE user_id = $1', [
        m.user.id,
      ]);
      expect(row.secret_encrypted).toMatch(/^v1\./);
      expect(row.secret_encrypted).not.toContain(secret);
      const hashes = await t.db.query('SELECT code_hash FROM two_factor_recovery_code WHERE user_id = $1', [
        m.user.id,
      ]);
      expect(hashes).toHaveLength(10);
      for (const { code_hash } of hashes as Array<{ code_hash: string }>)
        expect(codes).not.toContain(code_hash);
    });

    it('ends the other sessions of the account (they passed the password only)', async () => {
      const m = await createMerchant(t);
      const other = await loginAgent(t, m);
      const a = await loginAgent(t, m);
      await enrol(t, a);
      await other.get('/dashboard').expect(303);
      await a.get('/dashboard').expect(200);
    });
  });

  describe('log-in', () => {
    it('asks for a code after the password; the pending session gets nothing but the second step', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const sessionsOf = async () => {
        const rows = await t.db.query<Array<{ n: number }>>(
          'SELECT count(*)::int AS n FROM http_session WHERE user_id = $1',
          [m.user.id],
        );
        return rows[0].n;
      };
      const before = await sessionsOf();
      const pending = await passwordStep(t, m);
      expect(pending.location).toBe('/login/two-factor');
      // The pending session row names no user: it is not a log-in yet.
      expect(await sessionsOf()).toBe(before);

      // Every GET route of the app: the pending session is answered as an anonymous visitor
      // would be, except that "log in" means the second step.
      const anonymous = request.agent(t.app.getHttpServer());
      const gets = appRoutes(t.app)
        // Storefront routes answer on shop hosts only (no session there); `{/*splat}` are catch-alls.
        .filter((r) => r.method === 'GET' && r.path.startsWith('/') && !r.path.startsWith('/_shop'))
        .map((r) => r.path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000'));
      expect(gets).toEqual(expect.arrayContaining(['/dashboard', '/account', '/admin', '/mailbox']));
      for (const path of gets.filter((p) => !p.startsWith('/login'))) {
        const [mine, theirs] = [
          await pending.get(path),
          await anonymous.get(path).set('Host', platformHost(t)),
        ];
        const expected =
          theirs.status === 303 && /^\/login/.test(theirs.headers.location)
            ? { status: 303, location: '/login/two-factor' }
            : { status: theirs.status, location: theirs.headers.location as string | undefined };
        expect({ path, status: mine.status, location: mine.headers.location }).toEqual({
          path,
          ...expected,
        });
      }

      await pending
        .submit(await currentCode(t, secret))
        .expect(303)
        .expect('Location', '/dashboard');
      await pending.get('/dashboard').expect(200);
    });

    it('refuses a replayed code, even after logging out and in again in the same window', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      // The enrolment's own code cannot log in.
      const first = await passwordStep(t, m);
      await first.submit(await currentCode(t, secret)).expect(401);
      nextWindow();
      const code = await currentCode(t, secret);
      await first.submit(code).expect(303);
      const second = await passwordStep(t, m);
      const replay = await second.submit(code).expect(401);
      expect(replay.text).toContain('That code is not valid');
      nextWindow();
      await second.submit(await currentCode(t, secret)).expect(303);
    });

    it('accepts one code once under 20 concurrent second steps', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const pendings = await pendingLogIns(t, m, 20);
      withoutThrottle();
      const code = await currentCode(t, secret);
      const statuses = (await Promise.all(pendings.map((p) => p.submit(code)))).map((r) => r.status);
      expect(statuses.filter((s) => s === 303)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(19);
    });

    it('throttles wrong codes like the password: 20 concurrent guesses, 10 checked, then even the right code waits', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const pending = await passwordStep(t, m);
      const wrong = (await currentCode(t, secret)) === '111111' ? '222222' : '111111';
      const statuses = (await Promise.all(Array.from({ length: 20 }, () => pending.submit(wrong)))).map(
        (r) => r.status,
      );
      // The password's limit (10 per account in 15 minutes by default).
      const limit = t.config.throttle.loginPerAccount;
      expect(limit).toBeLessThan(20);
      expect(statuses.filter((s) => s === 401)).toHaveLength(limit);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - limit);
      const blocked = await pending.submit(await currentCode(t, secret)).expect(429);
      expect(blocked.text).toContain('Too many attempts');
      const wait = Number(blocked.headers['retry-after']);
      expect(Number.isInteger(wait) && wait >= 1 && wait <= 15 * 60).toBe(true);
      // From another session too: the count is per account.
      await (await passwordStep(t, m)).submit(await currentCode(t, secret)).expect(429);
    });

    it('takes a recovery code once; 20 concurrent uses of one code give exactly one log-in', async () => {
      const m = await createMerchant(t);
      const { recoveryCodes } = await enrol(t, await loginAgent(t, m));
      const once = await passwordStep(t, m);
      await once.submit(recoveryCodes[0].toUpperCase()).expect(303);
      await (await passwordStep(t, m)).submit(recoveryCodes[0]).expect(401);

      const pendings = await pendingLogIns(t, m, 20);
      withoutThrottle();
      const statuses = (await Promise.all(pendings.map((p) => p.submit(recoveryCodes[1])))).map(
        (r) => r.status,
      );
      expect(statuses.filter((s) => s === 303)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(19);
      jest.restoreAllMocks();
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
      const a = await loginWithCode(t, m, recoveryCodes[2]);
      expect((await a.get('/account').expect(200)).text).toContain('7 unused recovery code(s)');
    });

    it('forgets a pending second step after 10 minutes', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      const pending = await passwordStep(t, m);
      nextWindow(21);
      await pending
        .submit(await currentCode(t, secret))
        .expect(303)
        .expect('Location', '/login?expired=1');
      await pending
        .get('/dashboard')
        .expect(303)
        .expect('Location', /^\/login\?next=/);
    });
  });

  describe('turning it off, password resets and admins', () => {
    it('a password reset leaves 2FA on; a pending step from before the reset cannot finish', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const before = await passwordStep(t, m);
      nextWindow();
      const token = randomBytes(32).toString('base64url');
      await t.db.query(
        `INSERT INTO password_reset_token (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`,
        [m.user.id, createHash('sha256').update(token).digest('hex')],
      );
      const http = request.agent(t.app.getHttpServer());
      const form = await http.get(`/reset-password?token=${token}`).set('Host', platformHost(t)).expect(200);
      const csrf = /name='_csrf'\s+value='([^']+)'/.exec(form.text)![1];
      await http
        .post('/reset-password')
        .set('Host', platformHost(t))
        .type('form')
        .send({ _csrf: csrf, token, password: 'a whole new passphrase' })
        .expect(303);
      await before
        .submit(await currentCode(t, secret))
        .expect(303)
        .expect('Location', '/login?expired=1');

      nextWindow();
      const after = await passwordStep(t, { email: m.email, password: 'a whole new passphrase' });
      expect(after.location).toBe('/login/two-factor');
      await after
        .submit(await currentCode(t, secret))
        .expect(303)
        .expect('Location', '/dashboard');
    });

    it('turning off needs the password and a current code', async () => {
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const a = await loginWithCode(t, m, await currentCode(t, secret));
      nextWindow();
      const code = await currentCode(t, secret);
      const badPassword = await a
        .post('/account/two-factor/disable', { password: 'not it at all', code })
        .expect(422);
      expect(badPassword.text).toContain('That is not your password');
      await a.post('/account/two-factor/disable', { password: m.password, code: '000000' }).expect(422);
      await a.post('/account/two-factor/disable', { password: m.password, code }).expect(303);
      expect((await a.get('/account').expect(200)).text).toMatch(/two-factor-state'>Off/);
      expect((await passwordStep(t, m)).location).toBe('/dashboard');
      expect(
        await t.db.query('SELECT * FROM two_factor_recovery_code WHERE user_id = $1', [m.user.id]),
      ).toEqual([]);
    });

    it("an admin resets another user's 2FA: audit entry, their sessions end, password alone logs in; not their own", async () => {
      const adminWho = await createAdmin(t);
      const admin = await loginAgent(t, adminWho);
      expect((await admin.get('/admin').expect(200)).text).toContain('data-testid="two-factor-banner"');
      const m = await createMerchant(t);
      const { secret } = await enrol(t, await loginAgent(t, m));
      nextWindow();
      const merchant = await loginWithCode(t, m, await currentCode(t, secret));
      expect((await admin.get(`/admin/users?q=${encodeURIComponent(m.email)}`).expect(200)).text).toContain(
        'Reset 2FA',
      );
      const before = await auditCount(t);

      const confirm = await admin.post(`/admin/users/${m.user.id}/two-factor/reset`).expect(200);
      expect(confirm.text).toContain(`Reset two-factor authentication of ${m.email}`);
      await admin.post(`/admin/users/${m.user.id}/two-factor/reset`, { confirm: 'yes' }).expect(303);

      expect(await auditCount(t, `action = 'user.two_factor_reset' AND target_id = $1`, [m.user.id])).toBe(1);
      expect(await auditCount(t)).toBe(before + 1);
      await merchant.get('/dashboard').expect(303);
      expect((await passwordStep(t, m)).location).toBe('/dashboard');

      const { secret: adminSecret } = await enrol(t, admin);
      expect((await admin.get('/admin').expect(200)).text).not.toContain('two-factor-banner');
      const adminId = (await t.db.query('SELECT id FROM app_user WHERE email = $1', [adminWho.email]))[0].id;
      await admin.post(`/admin/users/${adminId}/two-factor/reset`, { confirm: 'yes' }).expect(409);
      expect(adminSecret).toBeTruthy();
    });
  });

  it('after a SESSION_SECRET rotation, secrets sealed under SESSION_SECRET_PREVIOUS still work and are re-sealed', async () => {
    const m = await createMerchant(t);
    const { secret } = await enrol(t, await loginAgent(t, m));
    const [{ secret_encrypted: sealedBefore }] = await t.db.query(
      'SELECT secret_encrypted FROM user_two_factor WHERE user_id = $1',
      [m.user.id],
    );
    const rotated = await createTestApp({
      databaseUrl: t.databaseUrl,
      env: {
        SESSION_SECRET: 'a-brand-new-session-secret-after-rotation',
        SESSION_SECRET_PREVIOUS: 'test-session-secret-test-session-secret',
      },
    });
    try {
      jest.spyOn(rotated.app.get(Clock), 'now').mockImplementation(() => new Date(now + STEP_MS));
      const pending = await passwordStep(rotated, m);
      await pending
        .submit(await currentCode(rotated, secret))
        .expect(303)
        .expect('Location', '/dashboard');
      const [{ secret_encrypted: sealedAfter }] = await t.db.query(
        'SELECT secret_encrypted FROM user_two_factor WHERE user_id = $1',
        [m.user.id],
      );
      expect(sealedAfter.split('.')[1]).not.toBe(sealedBefore.split('.')[1]);
    } finally {
      await rotated.close();
    }
  });
});

describe('ADMIN_REQUIRE_2FA=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ADMIN_REQUIRE_2FA: 'true' } });
  });
  afterAll(() => t.close());

  it('sends an un-enrolled admin to enrolment from every /admin route (from the router), then lets them in', async () => {
    const m = await createMerchant(t);
    const params: Record<string, string> = { shopId: m.shop.id, userId: m.user.id, eventId: 'evt_none' };
    const routes = appRoutes(t.app)
      .filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'))
      .map((r) => ({ ...r, url: r.path.replace(/:(\w+)/g, (_x, name: string) => params[name]) }));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const adminWho = await createAdmin(t);
    const admin = await loginAgent(t, adminWho);
    for (const r of routes) {
      const res =
        r.method === 'GET'
          ? await admin.get(r.url)
          : await admin.post(r.url, {
              confirm: 'yes',
              reason: 'must not happen',
              bps: '1',
              eventId: 'evt_none',
            });
      expect({
        route: `${r.method} ${r.path}`,
        status: res.status,
        location: res.headers.location,
      }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 303,
        location: '/account/two-factor?required=1',
      });
    }
    expect(await auditCount(t)).toBe(0);
    const page = await admin.get('/account/two-factor?required=1').expect(200);
    expect(page.text).toContain('must turn on two-factor authentication');

    const { secret } = await enrol(t, admin);
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const res = await admin.get(r.url);
      expect({ route: r.path, status: res.status }).toEqual({
        route: r.path,
        status: r.path.includes(':eventId') ? 404 : 200,
      });
    }
    // An admin may not turn it off while the policy holds.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await admin
      .post('/account/two-factor/disable', { password: adminWho.password, code: secret })
      .expect(409);
  });
});
