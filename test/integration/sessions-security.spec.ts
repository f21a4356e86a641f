import { jest } from '@jest/globals';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import { createMerchant, csrfFrom, loginAgent, platformHost, shopHost } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const sidOf = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
    .find((c) => c.startsWith('comptoir.sid='))
    ?.split(';')[0];

describe('sessions, CSRF and throttling', () => {
  let t: TestApp;
  let host: string;
  const http = () => request(t.app.getHttpServer());
  beforeAll(async () => {
    t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' } });
    host = platformHost(t);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  describe('CSRF', () => {
    it('refuses a form without a token, with a token from another session, or from another origin', async () => {
      const m = await createMerchant(t);
      const a = await loginAgent(t, m);
      const before = await t.db.query('SELECT name FROM shop WHERE id = $1', [m.shop.id]);

      await a.agent
        .post('/dashboard/settings')
        .set('Host', host)
        .type('form')
        .send({ name: 'No token' })
        .expect(403);
      const other = await loginAgent(t, await createMerchant(t));
      await a.agent
        .post('/dashboard/settings')
        .set('Host', host)
        .type('form')
        .send({ _csrf: other.csrf, name: 'Stolen token' })
        .expect(403);
      await a
        .post('/dashboard/settings', { name: 'Evil origin' })
        .set('Origin', 'http://evil.example')
        .expect(403);
      await a
        .post('/dashboard/settings', { name: 'From a shop' })
        .set('Origin', `http://${shopHost(t, m.shop.slug)}`)
        .expect(403);
      await a
        .post('/dashboard/settings', { name: 'Referer from a shop' })
        .set('Referer', `http://${shopHost(t, m.shop.slug)}/`)
        .expect(403);
      expect(await t.db.query('SELECT name FROM shop WHERE id = $1', [m.shop.id])).toEqual(before);

      await a.post('/dashboard/settings', { name: 'Same origin' }).set('Origin', t.config.appUrl).expect(303);
      expect((await t.db.query('SELECT name FROM shop WHERE id = $1', [m.shop.id]))[0].name).toBe(
        'Same origin',
      );
    });

    it('protects log-out and log-in forms too', async () => {
      const m = await createMerchant(t);
      const a = await loginAgent(t, m);
      await a.agent.post('/logout').set('Host', host).type('form').send({}).expect(403);
      await a.get('/dashboard').expect(200);
      await http()
        .post('/login')
        .set('Host', host)
        .type('form')
        .send({ email: m.email, password: m.password })
        .expect(403);
    });
  });

  describe('cookies', () => {
    it('sets host-only, HttpOnly, SameSite cookies on the platform and no cookie at all on a shop host', async () => {
      const m = await createMerchant(t);
      // A storefront page without a form sets no cookie; a shop offering two languages or more
      // has one on every page (the no-JS language switcher, CSRF-checked), so this shop offers one.
      await t.db.query(`UPDATE shop SET languages = '{fr}' WHERE id = $1`, [m.shop.id]);
      const a = await loginAgent(t, m);
      const page = await http().get('/login').set('Host', host).expect(200);
      const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('comptoir.csrf='),
      )!;
      expect(csrfCookie).toMatch(/HttpOnly/);
      expect(csrfCookie).toMatch(/SameSite=Strict/);
      expect(csrfCookie).not.toMatch(/Domain=/i);

      const sessionsBefore = await t.db.query(
        'SELECT sid, sess::text, expire FROM http_session ORDER BY sid',
      );
      // Even when the browser (wrongly) sends the platform's cookies, the shop host reads no session.
      const res = await a.agent.get('/').set('Host', shopHost(t, m.shop.slug)).expect(200);
      expect(res.text).toContain('lang="fr"');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.text).not.toContain(m.email);
      expect(await t.db.query('SELECT sid, sess::text, expire FROM http_session ORDER BY sid')).toEqual(
        sessionsBefore,
      );
    });
  });

  describe('session lifecycle', () => {
    it('gives a new session id at log-in and deletes the old session', async () => {
      const m = await createMerchant(t);
      const agent = request.agent(t.app.getHttpServer());
      const login = async () => {
        const page = await agent.get('/login').set('Host', host);
        // Logged in already: the log-in page redirects, so post with a token from another page.
        const html =
          page.status === 200 ? page.text : (await agent.get('/account/password').set('Host', host)).text;
        return agent
          .post('/login')
          .set('Host', host)
          .type('form')
          .send({ _csrf: csrfFrom(html), email: m.email, password: m.password })
          .expect(303);
      };
      const first = sidOf(await login())!;
      const second = sidOf(await login())!;
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      const rows = await t.db.query('SELECT sid FROM http_session WHERE user_id = $1', [m.user.id]);
      expect(rows).toHaveLength(1);
    });

    it('ends a session after the idle timeout', async () => {
      const m = await createMerchant(t);
      const a = await loginAgent(t, m);
      const clock = t.app.get(Clock);
      const start = Date.now();
      jest.spyOn(clock, 'now').mockReturnValue(new Date(start + 29 * 60_000));
      await a.get('/dashboard').expect(200);
      jest.spyOn(clock, 'now').mockReturnValue(new Date(start + 29 * 60_000 + 31 * 60_000));
      const res = await a.get('/dashboard').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fdashboard&expired=1');
      expect(await t.db.query('SELECT 1 FROM http_session WHERE user_id = $1', [m.user.id])).toHaveLength(0);
      const login = await a.get(res.headers.location).expect(200);
      expect(login.text).toContain('Your session ended');
    });

    it('ends an active session after the absolute timeout', async () => {
      const m = await createMerchant(t);
      const a = await loginAgent(t, m);
      const clock = t.app.get(Clock);
      const start = Date.now();
      for (const minutes of [25, 50, 75, 100, 119]) {
        jest.spyOn(clock, 'now').mockReturnValue(new Date(start + minutes * 60_000));
        await a.get('/dashboard').expect(200);
      }
      jest.spyOn(clock, 'now').mockReturnValue(new Date(start + 121 * 60_000));
      await a.get('/dashboard').expect(303);
    });

    it('ends the other sessions on a password change, keeps this one', async () => {
      const m = await createMerchant(t);
      const here = await loginAgent(t, m);
      const elsewhere = await loginAgent(t, m);
      const wrong = await here
        .post('/account/password', {
          currentPassword: 'not my password',
          newPassword: 'a brand new passphrase',
        })
        .expect(422);
      expect(wrong.text).toContain('That is not your current password.');
      await here
        .post('/account/password', { currentPassword: m.password, newPassword: 'a brand new passphrase' })
        .expect(303);
      await here.get('/dashboard').expect(200);
      await elsewhere.get('/dashboard').expect(303);
      await loginAgent(t, { email: m.email, password: 'a brand new passphrase' });
    });
  });

  describe('log-in throttling', () => {
    it('blocks an account after repeated failures, with the same generic wording, for a while only', async () => {
      const m = await createMerchant(t);
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').set('Host', host);
      const token = csrfFrom(page.text);
      const attempt = (password: string) =>
        agent.post('/login').set('Host', host).type('form').send({ _csrf: token, email: m.email, password });
      for (let i = 0; i < t.config.throttle.loginPerAccount; i++) {
        expect((await attempt('wrong password!!')).status).toBe(401);
      }
      const blocked = await attempt(m.password).expect(429);
      expect(blocked.text).toContain('Too many attempts. Try again in 15 minutes');
      // Someone else logging in from the same address is not affected.
      await loginAgent(t, await createMerchant(t));
      // The counter lives in Postgres and expires on its own within the window.
      const [row] = await t.db.query("SELECT points, expire FROM login_throttle WHERE key = 'acct:' || $1", [
        m.email,
      ]);
      // The refused attempt is counted too (the point is taken before the password is looked at).
      expect(row.points).toBeGreaterThanOrEqual(t.config.throttle.loginPerAccount);
      expect(Number(row.expire) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    });
  });
});

describe('cookies over https (behind a trusted proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { APP_URL: 'https://comptoir.example', APP_DOMAIN: 'comptoir.example', TRUST_PROXY: 'true' },
    });
  });
  afterAll(() => t.close());

  it('marks the session and CSRF cookies Secure and __Host- prefixed', async () => {
    const m = await createMerchant(t);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent
      .get('/login')
      .set('Host', 'comptoir.example')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('__Host-comptoir.csrf='),
    );
    expect(csrfCookie).toMatch(/Secure/);
    const res = await agent
      .post('/login')
      .set('Host', 'comptoir.example')
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', 'https://comptoir.example')
      .set('Cookie', csrfCookie!.split(';')[0])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: m.email, password: m.password })
      .expect(303);
    const sid = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('__Host-comptoir.sid='),
    )!;
    expect(sid).toMatch(/; Secure/);
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    expect(sid).toMatch(/Path=\//);
    expect(sid).not.toMatch(/Domain=/i);
  });
});
