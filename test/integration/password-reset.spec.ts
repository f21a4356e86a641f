import { jest } from '@jest/globals';
import request from 'supertest';
import { PASSWORD_RESET_JOB } from '../../src/auth/auth.service.js';
import { Clock } from '../../src/common/clock.js';
import { createAdmin, createMerchant, csrfFrom, loginAgent, platformHost } from '../factories/accounts.js';
import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

async function lastMailTo(
  t: TestApp,
  email: string,
): Promise<{ subject: string; text_body: string } | undefined> {
  const rows = await t.db.query(
    'SELECT subject, text_body FROM outbox_mail WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1',
    [email],
  );
  return rows[0] as { subject: string; text_body: string } | undefined;
}

/** The reset mail, once the job queued by the request has written it. */
async function resetMailTo(t: TestApp, email: string) {
  return eventually(() => lastMailTo(t, email));
}

/** Waits until every queued reset job has run (so "no mail" means none will come). */
async function resetJobsDone(t: TestApp): Promise<void> {
  await eventually(async () => {
    const [row] = await t.db.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'",
      [PASSWORD_RESET_JOB.name],
    );
    return row.n === 0;
  });
}

function expect200(res: request.Response): request.Response {
  expect(res.status).toBe(200);
  return res;
}

async function askForReset(t: TestApp, email: string, headers: Record<string, string> = {}) {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/forgot-password').set('Host', platformHost(t)).expect(200);
  const req = agent.post('/forgot-password').set('Host', platformHost(t)).type('form');
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req.send({ _csrf: csrfFrom(page.text), email });
}

describe('password reset by mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The request queues a job; the job writes the mail.
    t = await createTestApp({ workers: true });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('mails a single-use link built from APP_URL, stored hashed, and ends the sessions', async () => {
    const m = await createMerchant(t);
    const other = await loginAgent(t, m);
    const res = expect200(await askForReset(t, m.email, { 'X-Forwarded-Host': 'evil.example' }));
    expect(res.text).toContain('If an account exists');
    const mail = await resetMailTo(t, m.email);
    const link = /(http\S+reset-password\?token=(\S+))/.exec(mail.text_body)!;
    expect(link[1].startsWith(`${t.config.appUrl}/reset-password?token=`)).toBe(true);
    expect(mail.text_body).not.toContain('evil.example');
    const [row] = await t.db.query('SELECT token_hash FROM password_reset_token');
    expect(row.token_hash).not.toContain(link[2]);

    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get(`/reset-password?token=${link[2]}`).set('Host', platformHost(t)).expect(200);
    const post = (password: string) =>
      agent
        .post('/reset-password')
        .set('Host', platformHost(t))
        .type('form')
        .send({ _csrf: csrfFrom(form.text), token: link[2], password });
    expect((await post('short').expect(422)).text).toContain('Use at least 12 characters.');
    await post('my new long password').expect(303).expect('Location', '/login?reset=1');
    expect((await post('another long password').expect(410)).text).toContain('invalid or has expired');
    await other.get('/dashboard').expect(303);
    await loginAgent(t, { email: m.email, password: 'my new long password' });
  });

  it('refuses a request for a foreign Host outright (no mail is written)', async () => {
    const m = await createMerchant(t);
    await request(t.app.getHttpServer())
      .post('/forgot-password')
      .set('Host', 'evil.example')
      .type('form')
      .send({ email: m.email })
      .expect(400);
    expect(await lastMailTo(t, m.email)).toBeUndefined();
  });

  it('says the same for an unknown email, and mails nothing', async () => {
    const res = expect200(await askForReset(t, 'nobody@example.com'));
    expect(res.text).toContain('If an account exists');
    await resetJobsDone(t);
    expect(await lastMailTo(t, 'nobody@example.com')).toBeUndefined();
  });

  it('expires links after an hour', async () => {
    const m = await createMerchant(t);
    expect200(await askForReset(t, m.email));
    const token = /token=(\S+)/.exec((await resetMailTo(t, m.email)).text_body)![1];
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 61 * 60_000));
    await request(t.app.getHttpServer())
      .get(`/reset-password?token=${token}`)
      .set('Host', platformHost(t))
      .expect(410);
  });

  it('shows the mails in the offline mailbox to a logged-in admin, with clickable links', async () => {
    const m = await createMerchant(t);
    expect200(await askForReset(t, m.email));
    await resetMailTo(t, m.email);
    const admin = await loginAgent(t, await createAdmin(t));
    const box = await admin.get('/mailbox').expect(200);
    expect(box.text).toContain('Reset your Comptoir password');
    // Handlebars escapes `=` as &#x3D; in attributes; browsers read it back as `=`.
    expect(box.text.replaceAll('&#x3D;', '=')).toMatch(
      /<a href='http:\/\/localhost:3000\/reset-password\?token=/,
    );
  });
});
