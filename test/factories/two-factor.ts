import { generate } from 'otplib';
import request from 'supertest';
import { Clock } from '../../src/common/clock.js';
import type { TestApp } from '../support/test-app.js';
import { csrfFrom, platformHost, type LoggedInAgent } from './accounts.js';

type TestAgent = ReturnType<typeof request.agent>;

/** The TOTP code of `secret` at the app's current time (its Clock), as a phone would show it. */
export async function currentCode(t: TestApp, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.app.get(Clock).now().getTime() / 1000) });
}

/** Turns 2FA on through the account pages; returns the secret read from the page and the codes. */
export async function enrol(
  t: TestApp,
  a: LoggedInAgent,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await a.get('/account/two-factor').expect(200);
  const secret = /data-secret='([A-Z2-7]+)'/.exec(page.text)?.[1];
  if (!secret) throw new Error('no secret on the enrolment page');
  const done = await a.post('/account/two-factor', { code: await currentCode(t, secret) }).expect(200);
  const recoveryCodes = [...done.text.matchAll(/<li><code>([a-z2-9-]{19})<\/code><\/li>/g)].map((m) => m[1]);
  return { secret, recoveryCodes };
}

export interface PendingLogIn {
  agent: TestAgent;
  /** The log-in's password step answer (303 to the second step for a user with 2FA). */
  location: string;
  /** Sends the second step's form. */
  submit(code: string): request.Test;
  get(path: string): request.Test;
}

/** Logs in with the password only, leaving the session at the second step. */
export async function passwordStep(
  t: TestApp,
  who: { email: string; password: string },
): Promise<PendingLogIn> {
  const agent = request.agent(t.app.getHttpServer());
  const host = platformHost(t);
  const page = await agent.get('/login').set('Host', host).expect(200);
  const res = await agent
    .post('/login')
    .set('Host', host)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: who.email, password: who.password })
    .expect(303);
  const location = res.headers.location;
  let csrf = '';
  if (location === '/login/two-factor') {
    csrf = csrfFrom((await agent.get('/login/two-factor').set('Host', host).expect(200)).text);
  }
  return {
    agent,
    location,
    submit: (code) =>
      agent.post('/login/two-factor').set('Host', host).type('form').send({ _csrf: csrf, code }),
    get: (path) => agent.get(path).set('Host', host),
  };
}

/** An agent after both steps, with a CSRF token for its POSTs (like loginAgent). */
export async function loginWithCode(
  t: TestApp,
  who: { email: string; password: string },
  code: string,
): Promise<LoggedInAgent> {
  const pending = await passwordStep(t, who);
  await pending.submit(code).expect(303);
  const host = platformHost(t);
  const csrf = csrfFrom((await pending.get('/account/password').expect(200)).text);
  return {
    agent: pending.agent,
    csrf,
    post: (path, form = {}) =>
      pending.agent
        .post(path)
        .set('Host', host)
        .type('form')
        .send({ _csrf: csrf, ...form }),
    get: (path) => pending.get(path),
  };
}
