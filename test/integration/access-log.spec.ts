import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { createMerchant, platformHost, shopHost } from '../factories/accounts.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

@Controller()
class FailingController {
  @Get('__test/boom')
  boom(): never {
    throw new Error('kaboom while handling the request');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

/** Values that must never reach a log line, one per kind of secret a URL can carry. */
const SECRETS = {
  token: 'resetTokenSECRET1111',
  t: 'orderLinkSECRET2222',
  session_id: 'cs_test_SECRET3333',
  _csrf: 'csrfSECRET4444',
  unknown: 'randomSECRET5555',
};

// JSON only: nestjs-pino keeps one pino-http instance per process, so one app per file decides the
// format; the pretty lines print the same serialized request (src/logging/logging.spec.ts).
describe('access log', () => {
  let t: TestApp;
  const lines: string[] = [];
  let slug: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
      imports: [FailingModule],
      logDestination: { write: (line) => void lines.push(line) },
    });
    slug = (await createMerchant(t)).shop.slug;
  });
  afterAll(() => t.close());

  it('logs paths and allow-listed query values, never secret or unknown query values', async () => {
    const server = t.app.getHttpServer();
    const platform = platformHost(t);
    const shop = shopHost(t, slug);
    const unknownParam = `x${Math.random().toString(36).slice(2, 8)}`;
    await request(server).get(`/reset-password?token=${SECRETS.token}&page=2`).set('Host', platform);
    await request(server)
      .get(`/orders/00000000-0000-4000-8000-000000000000?t=${SECRETS.t}`)
      .set('Host', shop);
    await request(server).get(`/checkout/success?session_id=${SECRETS.session_id}`).set('Host', shop);
    await request(server)
      .post(`/login?_csrf=${SECRETS._csrf}`)
      .set('Host', platform)
      .type('form')
      .send({ email: 'a@example.com', password: 'x' });
    await request(server)
      .get(`/dashboard/orders?status=paid&${unknownParam}=${SECRETS.unknown}`)
      .set('Host', platform);
    // A 500: the error filter's log line and pino-http's both carry the request.
    await request(server)
      .get(`/__test/boom?token=${SECRETS.token}&t=${SECRETS.t}`)
      .set('Host', platform)
      .expect(500);
    await new Promise((r) => setTimeout(r, 50));

    const log = lines.join('');
    for (const secret of Object.values(SECRETS)) expect(log).not.toContain(secret);
    // The capture works and the lines stay useful: paths, allowed values, redaction marks.
    expect(log).toContain('/reset-password?token=[redacted]&page=2');
    expect(log).toContain('/checkout/success?session_id=[redacted]');
    expect(log).toContain('/login?_csrf=[redacted]');
    expect(log).toContain(`/dashboard/orders?status=paid&${unknownParam}=[redacted]`);
    expect(log).toContain('kaboom while handling the request');
    {
      const records = lines.map((l) => JSON.parse(l) as { req?: { url?: string }; level: number });
      const boom = records.filter((r) => r.req?.url?.startsWith('/__test/boom'));
      // The filter's error and pino-http's request line, both redacted.
      expect(boom.length).toBeGreaterThanOrEqual(2);
      expect(boom.every((r) => r.req!.url === '/__test/boom?token=[redacted]&t=[redacted]')).toBe(true);
    }
  });
});
