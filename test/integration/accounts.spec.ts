import request from 'supertest';
import {
  createMerchant,
  csrfFrom,
  DEFAULT_PASSWORD,
  loginAgent,
  platformHost,
  shopHost,
} from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('sign-up, log-in, log-out', () => {
  let t: TestApp;
  let host: string;
  beforeAll(async () => {
    t = await createTestApp();
    host = platformHost(t);
  });
  afterAll(() => t.close());

  it('signs up with a shop, lands on the dashboard with the public link from config', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/signup').set('Host', host).expect(200);
    const res = await agent
      .post('/signup')
      .set('Host', host)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: 'Alice@Example.com',
        password: DEFAULT_PASSWORD,
        shopName: 'Alice Bakery',
        slug: 'alice-bakery',
        currency: 'eur',
        country: 'FR',
      })
      .expect(303);
    expect(res.headers.location).toBe('/dashboard');
    const dash = await agent.get('/dashboard').set('Host', host).expect(200);
    expect(dash.text).toContain('Alice Bakery');
    expect(dash.text).toContain('http://alice-bakery.localhost:3000');
    expect(dash.text).toContain('Set up payments');
  });

  it('keeps what was typed (but the password) and says what is wrong', async () => {
    await createMerchant(t, { slug: 'taken-shop' });
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/signup').set('Host', host).expect(200);
    const res = await agent
      .post('/signup')
      .set('Host', host)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: 'bob@example.com',
        password: 'short',
        shopName: 'Bob & Co',
        slug: 'taken-shop',
        currency: 'eur',
        country: 'FR',
      })
      .expect(422);
    expect(res.text).toContain("value='bob@example.com'");
    expect(res.text).toContain("value='Bob &amp; Co'");
    expect(res.text).toContain('Use at least 12 characters.');
    expect(res.text).toContain('That address is already taken');
    expect(res.text).not.toContain("value='short'");
  });

  it('logs in on a fresh session id and logs out server-side', async () => {
    const m = await createMerchant(t);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login').set('Host', host).expect(200);
    const wrong = await agent
      .post('/login')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: m.email, password: 'wrong password here' })
      .expect(401);
    expect(wrong.text).toContain('Email or password is wrong.');
    expect(wrong.text).toContain(`value='${m.email}'`);

    const ok = await agent
      .post('/login')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: m.email.toUpperCase(), password: m.password })
      .expect(303);
    expect(ok.headers.location).toBe('/dashboard');
    const cookie = ok.headers['set-cookie'] as unknown as string[];
    const sid = cookie.find((c) => c.startsWith('comptoir.sid='))!;
    expect(sid).toMatch(/HttpOnly/);
    expect(sid).toMatch(/SameSite=Lax/);
    expect(sid).not.toMatch(/Domain=/i);
    expect(sid).not.toMatch(/Secure/);

    const dash = await agent.get('/dashboard').set('Host', host).expect(200);
    const rows = await t.db.query('SELECT sid FROM http_session WHERE user_id = $1', [m.user.id]);
    expect(rows).toHaveLength(1);
    await agent
      .post('/logout')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(dash.text) })
      .expect(303);
    expect(await t.db.query('SELECT sid FROM http_session WHERE user_id = $1', [m.user.id])).toHaveLength(0);
    await agent
      .get('/dashboard')
      .set('Host', host)
      .expect(303)
      .expect('Location', '/login?next=%2Fdashboard');
  });

  it('loginAgent works for other specs', async () => {
    const m = await createMerchant(t);
    const a = await loginAgent(t, m);
    const res = await a.get('/dashboard').expect(200);
    expect(res.text).toContain(m.shop.name);
  });

  it('serves the storefront placeholder on the shop host', async () => {
    const m = await createMerchant(t, { shopName: 'Corner Shop' });
    // One language: a page without a form sets no cookie (two or more bring the switcher's form).
    await t.db.query(`UPDATE shop SET languages = '{en}' WHERE id = $1`, [m.shop.id]);
    const res = await request(t.app.getHttpServer())
      .get('/')
      .set('Host', shopHost(t, m.shop.slug))
      .expect(200);
    expect(res.text).toContain('Corner Shop');
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
