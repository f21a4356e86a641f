import { jest } from '@jest/globals';
import type { Config } from '@jest/types';
import pg from 'pg';
import { PlatformSetting } from '../../src/database/platform-setting.entity.js';
import { WEBHOOK_ENDPOINTS_SETTING } from '../../src/webhooks/webhook-endpoints.types.js';
import { WebhookSecretsService } from '../../src/webhooks/webhook-secrets.service.js';
import {
  checkoutSession,
  CONNECT_SECRET,
  deliver,
  PLATFORM_SECRET,
  sign,
  stripeEvent,
  WEBHOOK_ENV,
} from '../factories/stripe-events.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// No workers here: what the intake stores and enqueues stays visible.
describe('POST /webhooks/stripe (intake)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: WEBHOOK_ENV });
  });
  afterAll(() => t.close());

  const stored = async (id: string) =>
    (await t.db.query<Array<Record<string, unknown>>>('SELECT * FROM stripe_event WHERE id = $1', [id]))[0];
  const jobs = async (id: string) =>
    Number(
      (
        await t.db.query<Array<{ n: string }>>(
          `SELECT count(*) AS n FROM pgboss.job WHERE name = 'stripe-event' AND data->>'eventId' = $1`,
          [id],
        )
      )[0].n,
    );

  it('stores a signed event once, with its job, and answers 200', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    const res = await deliver(t.app, sign(event)).expect(200);
    expect(res.body).toEqual({ received: true });
    expect(await stored(event.id)).toMatchObject({
      type: 'checkout.session.completed',
      account: 'acct_test_shop1',
      livemode: false,
      status: 'received',
      attempts: 0,
      payload: event,
    });
    expect(await jobs(event.id)).toBe(1);
  });

  it('accepts the platform secret too, and a platform event without account', async () => {
    const event = stripeEvent(
      'application_fee.created',
      { id: 'fee_1', object: 'application_fee' },
      { account: null },
    );
    await deliver(t.app, sign(event, PLATFORM_SECRET)).expect(200);
    expect(await stored(event.id)).toMatchObject({ account: null, status: 'received' });
  });

  it('answers a duplicate delivery 200 and changes nothing', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(t.app, sign(event)).expect(200);
    const before = await stored(event.id);
    // Stripe signs each attempt afresh.
    await deliver(t.app, sign(event, CONNECT_SECRET, Math.floor(Date.now() / 1000) + 1)).expect(200);
    expect(await stored(event.id)).toEqual(before);
    expect(await jobs(event.id)).toBe(1);
  });

  it('verifies the bytes as sent: a pretty-printed body (as Stripe sends it) is accepted and stored', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(t.app, sign(JSON.stringify(event, null, 2))).expect(200);
    expect(await stored(event.id)).toMatchObject({ payload: event });
  });

  it('accepts a header with two v1 signatures after a secret roll (old one unknown to us)', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(t.app, sign(event, ['whsec_oldrolledsecret000000000000', CONNECT_SECRET])).expect(200);
    expect(await stored(event.id)).toBeDefined();
  });

  describe('refuses with 400 and writes nothing', () => {
    const refused = async (delivery: { payload: string; header?: string }, id: string) => {
      const res = await deliver(t.app, delivery).expect(400);
      expect(res.body).toMatchObject({ error: 'invalid_signature' });
      expect(await stored(id)).toBeUndefined();
      expect(await jobs(id)).toBe(0);
    };

    it('a tampered body', async () => {
      const event = stripeEvent('checkout.session.completed', checkoutSession({ amount_total: 100 }));
      const { payload, header } = sign(event);
      await refused({ payload: payload.replace('"amount_total":100', '"amount_total":1'), header }, event.id);
    });

    it('a missing Stripe-Signature header', async () => {
      const event = stripeEvent('checkout.session.completed', checkoutSession());
      await refused({ payload: JSON.stringify(event) }, event.id);
    });

    it('a signature made with another secret', async () => {
      const event = stripeEvent('checkout.session.completed', checkoutSession());
      await refused(sign(event, 'whsec_someoneelse0000000000000000'), event.id);
    });

    it('a timestamp older than the 300 s tolerance (301 s)', async () => {
      const event = stripeEvent('checkout.session.completed', checkoutSession());
      await refused(sign(event, CONNECT_SECRET, Math.floor(Date.now() / 1000) - 301), event.id);
    });

    it('a captured delivery sent again after the tolerance', async () => {
      const event = stripeEvent('checkout.session.completed', checkoutSession());
      const captured = sign(event);
      const later = stripeEvent('checkout.session.completed', checkoutSession());
      const capturedUnseen = sign(later);
      await deliver(t.app, captured).expect(200);
      // Only Date moves: the server's clock is 301 s later when the capture comes back.
      jest.useFakeTimers({ now: Date.now() + 301_000, doNotFake: timersButDate });
      try {
        await deliver(t.app, captured).expect(400);
        await refused(capturedUnseen, later.id);
      } finally {
        jest.useRealTimers();
      }
      expect(await jobs(event.id)).toBe(1);
    });
  });

  it('stores a burst of concurrent deliveries once each, a repeated one once, with one job each', async () => {
    const events = Array.from({ length: 60 }, () =>
      stripeEvent('checkout.session.completed', checkoutSession()),
    );
    const repeated = events[0];
    const deliveries = [...events.map((e) => sign(e)), ...Array.from({ length: 5 }, () => sign(repeated))];
    const replies = await Promise.all(deliveries.map((d) => deliver(t.app, d)));
    expect(replies.map((r) => r.status)).toEqual(deliveries.map(() => 200));
    const ids = events.map((e) => e.id);
    const rows = await t.db.query<Array<{ id: string; n: string }>>(
      `SELECT e.id, (SELECT count(*) FROM pgboss.job j
                      WHERE j.name = 'stripe-event' AND j.data->>'eventId' = e.id) AS n
         FROM stripe_event e WHERE e.id = ANY($1)`,
      [ids],
    );
    expect(rows).toHaveLength(60);
    expect(rows.filter((r) => r.n !== '1')).toEqual([]);
    expect(await stored(repeated.id)).toMatchObject({ status: 'received', payload: repeated });
  });

  it('refuses only the event the inbox cannot store (503), not the deliveries sharing its batch', async () => {
    // PostgreSQL's jsonb has no \u0000: this validly signed event cannot be stored.
    const poison = stripeEvent(
      'checkout.session.completed',
      checkoutSession({ client_reference_id: '\u0000' }),
    );
    const others = Array.from({ length: 20 }, () =>
      stripeEvent('checkout.session.completed', checkoutSession()),
    );
    const all = [...others.slice(0, 10), poison, ...others.slice(10)];
    const replies = await Promise.all(all.map((e) => deliver(t.app, sign(e))));
    expect(replies.map((r) => r.status)).toEqual(all.map((e) => (e === poison ? 503 : 200)));
    expect(await stored(poison.id)).toBeUndefined();
    expect(await jobs(poison.id)).toBe(0);
    for (const e of others) expect(await jobs(e.id)).toBe(1);
  });

  it('takes the secrets of the endpoints registered offline (platform_setting)', async () => {
    const secret = 'whsec_storedoffline00000000000000';
    await t.db.getRepository(PlatformSetting).save({
      key: WEBHOOK_ENDPOINTS_SETTING,
      value: {
        platform: { id: 'we_p', secret: 'whsec_storedplatform000000000000' },
        connect: { id: 'we_c', secret },
      },
    });
    t.app.get(WebhookSecretsService).invalidate();
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    await deliver(t.app, sign(event, secret)).expect(200);
    expect(await stored(event.id)).toBeDefined();
  });

  it('answers 503 while the database is down, and stores the redelivery once it is back', async () => {
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.COMPTOIR_TEST_ADMIN_URL });
    await admin.connect();
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      t.app.get(WebhookSecretsService).invalidate();
      const res = await deliver(t.app, sign(event)).expect(503);
      expect(res.body).toMatchObject({ error: 'inbox_unavailable' });
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    // Stripe retries with a fresh signature.
    await deliver(t.app, sign(event)).expect(200);
    expect(await stored(event.id)).toMatchObject({ status: 'received' });
    expect(await jobs(event.id)).toBe(1);
  });
});

describe('POST /webhooks/stripe with no secret configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 503 so Stripe keeps the event until the setup is done', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    const res = await deliver(t.app, sign(event)).expect(503);
    expect(res.body).toMatchObject({ error: 'webhooks_not_configured' });
  });
});

const timersButDate: Config.FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];
