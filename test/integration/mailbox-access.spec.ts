import request from 'supertest';
import { DEMO_ADMIN_EMAIL } from '../../src/auth/demo-admin.js';
import { NotFoundError } from '../../src/common/domain-error.js';
import { MailService } from '../../src/mail/mail.service.js';
import { createAdmin, createMerchant, csrfFrom, loginAgent, platformHost } from '../factories/accounts.js';
import { eventually } from '../support/eventually.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Mail written straight to the outbox, as any feature would. */
async function mailTo(t: TestApp, to: string, subject: string) {
  return t.app.get(MailService).enqueue({ to, subject, text: `Hello ${to}\nhttp://localhost:3000/x` });
}

describe('the offline mailbox', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('does not let an anonymous visitor read a reset link and take over the admin', async () => {
    const admin = await createAdmin(t, DEMO_ADMIN_EMAIL);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/forgot-password').set('Host', platformHost(t)).expect(200);
    await agent
      .post('/forgot-password')
      .set('Host', platformHost(t))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: admin.email })
      .expect(200);
    const [mail] = await eventually(async () => {
      const rows = await t.db.query('SELECT id, text_body FROM outbox_mail WHERE to_address = $1', [
        admin.email,
      ]);
      return rows.length ? (rows as Array<{ id: string; text_body: string }>) : null;
    });
    const token = /token=(\S+)/.exec(mail.text_body)![1];

    for (const path of ['/mailbox', `/mailbox/${mail.id}`]) {
      const res = await agent.get(path).set('Host', platformHost(t)).expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect(res.text).not.toContain(token);
    }
  });

  it('shows an admin every mail, and a merchant only the mails addressed to them', async () => {
    const alice = await createMerchant(t);
    const bob = await createMerchant(t);
    const toAlice = await mailTo(t, alice.email, 'For Alice only');
    const toBob = await mailTo(t, bob.email, 'For Bob only');
    await mailTo(t, 'shopper@example.com', 'Your receipt');

    const a = await loginAgent(t, alice);
    const aliceBox = (await a.get('/mailbox').expect(200)).text;
    expect(aliceBox).toContain('For Alice only');
    expect(aliceBox).not.toContain('For Bob only');
    expect(aliceBox).not.toContain('Your receipt');
    expect((await a.get(`/mailbox/${toAlice.id}`).expect(200)).text).toContain('For Alice only');
    // Another person's mail, by id, does not exist for her.
    const foreign = await a.get(`/mailbox/${toBob.id}`).expect(404);
    expect(foreign.text).not.toContain('For Bob only');
    await a.get('/mailbox/not-a-uuid').expect(404);

    const admin = await loginAgent(t, await createAdmin(t));
    const adminBox = (await admin.get('/mailbox').expect(200)).text;
    for (const subject of ['For Alice only', 'For Bob only', 'Your receipt'])
      expect(adminBox).toContain(subject);
    expect((await admin.get(`/mailbox/${toBob.id}`).expect(200)).text).toContain('For Bob only');
  });

  it('decides in the service: a merchant asking for another person’s mail gets NotFoundError', async () => {
    const alice = await createMerchant(t);
    const bob = await createMerchant(t);
    const toBob = await mailTo(t, bob.email, 'Bob’s business');
    const mail = t.app.get(MailService);
    await expect(mail.readMail(alice.user, toBob.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await mail.readMail(bob.user, toBob.id)).subject).toBe('Bob’s business');
    expect((await mail.mailboxFor(alice.user)).map((m) => m.id)).not.toContain(toBob.id);
  });

  it('is on the anonymous pages’ banner with who may read it', async () => {
    const res = await http().get('/login').set('Host', platformHost(t)).expect(200);
    expect(res.text).toContain('the demo admin reads all mail, a merchant their own');
  });
});

describe.each([
  ['with a Stripe key', { STRIPE_SECRET_KEY: 'sk_test_123' }],
  ['offline with SMTP_URL', { SMTP_URL: 'smtp://127.0.0.1:2525' }],
])('the mailbox %s', (_name, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env });
  });
  afterAll(() => t.close());

  it('does not exist, for anyone', async () => {
    const toAdmin = await mailTo(t, 'someone@example.com', 'Real mail');
    await request(t.app.getHttpServer()).get('/mailbox').set('Host', platformHost(t)).expect(404);
    const admin = await loginAgent(t, await createAdmin(t));
    await admin.get('/mailbox').expect(404);
    await admin.get(`/mailbox/${toAdmin.id}`).expect(404);
  });

  it('is not linked from any banner', async () => {
    const res = await request(t.app.getHttpServer()).get('/login').set('Host', platformHost(t)).expect(200);
    expect(res.text).not.toContain('/mailbox');
  });
});

describe('mailbox without offline mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { STRIPE_SECRET_KEY: 'sk_test_123' } });
  });
  afterAll(() => t.close());

  it('does not exist', async () => {
    await request(t.app.getHttpServer()).get('/mailbox').set('Host', platformHost(t)).expect(404);
  });
});
