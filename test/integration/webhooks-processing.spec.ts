import { StripeEventProcessor } from '../../src/webhooks/stripe-event.processor.js';
import { WebhookEventsService } from '../../src/webhooks/webhook-events.service.js';
import { WebhookIntakeService } from '../../src/webhooks/webhook-intake.service.js';
import { checkoutSession, deliver, randomId, sign, stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import { handlersApp, type TestStripeHandlers } from '../support/stripe-test-handlers.js';
import type { TestApp } from '../support/test-app.js';

describe('Stripe event processing', () => {
  let t: TestApp;
  let handlers: TestStripeHandlers;
  beforeAll(async () => {
    ({ t, handlers } = await handlersApp({
      env: {
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_RETRY_DELAY_MAX_SECONDS: '1',
      },
    }));
  });
  afterEach(() => {
    handlers.failing.clear();
    handlers.delayMs = 0;
  });

  const row = async (id: string) =>
    (await t.db.query<Array<Record<string, unknown>>>('SELECT * FROM stripe_event WHERE id = $1', [id]))[0];
  const settled = (id: string, status = 'processed') =>
    eventually(async () => {
      const r = await row(id);
      return r?.status === status ? r : undefined;
    });
  const effects = async (objectId: string) =>
    t.db.query<Array<{ event_id: string }>>('SELECT event_id FROM test_effect WHERE object_id = $1', [
      objectId,
    ]);

  const runs = async (eventId: string) =>
    Number(
      (
        await t.db.query<Array<{ n: number }>>(
          'SELECT count(*)::int AS n FROM test_run WHERE event_id = $1',
          [eventId],
        )
      )[0].n,
    );

  it('applies an event 10 times delivered at once exactly once', async () => {
    handlers.delayMs = 50;
    const session = checkoutSession();
    const event = stripeEvent('checkout.session.completed', session);
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(t.app, sign(event))));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    await settled(event.id);
    expect(await runs(event.id)).toBe(1);
    expect(await effects(session.id as string)).toEqual([{ event_id: event.id }]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM stripe_event WHERE id = $1', [event.id])).toEqual(
      [{ n: 1 }],
    );
  });

  it('applies an event once when ten jobs race for it', async () => {
    handlers.delayMs = 50;
    const event = stripeEvent('checkout.session.completed', checkoutSession());
    // Stored without a job, so only the ten racing calls below process it.
    await t.db.query(
      `INSERT INTO stripe_event (id, type, account, livemode, created, payload) VALUES ($1, $2, $3, false, now(), $4)`,
      [event.id, event.type, event.account, JSON.stringify(event)],
    );
    const processor = t.app.get(StripeEventProcessor);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => processor.process(event.id)));
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(9);
    expect(await runs(event.id)).toBe(1);
  });

  it('applies one effect for two event ids announcing one Checkout Session', async () => {
    const session = checkoutSession();
    const first = stripeEvent('checkout.session.completed', session);
    const second = stripeEvent('checkout.session.completed', session);
    await Promise.all([deliver(t.app, sign(first)).expect(200), deliver(t.app, sign(second)).expect(200)]);
    await settled(first.id);
    await settled(second.id);
    const applied = await effects(session.id as string);
    expect(applied).toHaveLength(1);
    expect([first.id, second.id]).toContain(applied[0].event_id);
  });

  it('keeps the newest snapshot when events arrive out of order', async () => {
    const account = randomId('acct');
    const now = Math.floor(Date.now() / 1000);
    const older = stripeEvent(
      'account.updated',
      { id: account, object: 'account', charges_enabled: false },
      {
        account,
        created: now - 60,
      },
    );
    const newer = stripeEvent(
      'account.updated',
      { id: account, object: 'account', charges_enabled: true },
      {
        account,
        created: now,
      },
    );
    await deliver(t.app, sign(newer)).expect(200);
    await settled(newer.id);
    await deliver(t.app, sign(older)).expect(200);
    await settled(older.id);
    expect(
      await t.db.query('SELECT charges_enabled, event_id FROM test_account_state WHERE account_id = $1', [
        account,
      ]),
    ).toEqual([{ charges_enabled: true, event_id: newer.id }]);
  });

  it('stores an unknown type, answers 200 and does nothing with it', async () => {
    const event = stripeEvent('customer.created', { id: randomId('cus'), object: 'customer' });
    await deliver(t.app, sign(event)).expect(200);
    expect(await settled(event.id, 'ignored')).toMatchObject({ reason: 'no handler for customer.created' });
  });

  it('ignores and logs an event whose livemode differs from the configured mode', async () => {
    const session = checkoutSession();
    const event = stripeEvent('checkout.session.completed', session, { livemode: true });
    await deliver(t.app, sign(event)).expect(200);
    expect(await settled(event.id, 'ignored')).toMatchObject({
      reason: expect.stringContaining('livemode true'),
    });
    expect(await effects(session.id as string)).toEqual([]);
  });

  it('quarantines an event whose account does not own the object, and flags the object', async () => {
    const session = checkoutSession({ metadata: { owner_account: 'acct_test_shop2' } });
    const event = stripeEvent('checkout.session.completed', session, { account: 'acct_test_shop1' });
    await deliver(t.app, sign(event)).expect(200);
    const quarantined = await settled(event.id, 'quarantined');
    expect(quarantined.reason).toContain('acct_test_shop1');
    // The effect the handler wrote before it noticed was rolled back.
    expect(await effects(session.id as string)).toEqual([]);
    expect(await t.db.query('SELECT event_id FROM test_flag WHERE object_id = $1', [session.id])).toEqual([
      { event_id: event.id },
    ]);
  });

  it('retries a failing event with backoff, then marks it dead with its last error', async () => {
    const session = checkoutSession();
    handlers.failing.add(session.id as string);
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    const dead = await settled(event.id, 'dead');
    expect(dead).toMatchObject({ attempts: 3, last_error: expect.stringContaining('test handler failure') });
    const attempts = await t.app.get(WebhookEventsService).attempts(event.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'dead']);
    expect(await effects(session.id as string)).toEqual([]);

    // Fixed: the admin replays it, and it is applied once.
    handlers.failing.delete(session.id as string);
    await t.app.get(WebhookEventsService).replay(event.id);
    await settled(event.id);
    expect(await effects(session.id as string)).toHaveLength(1);
  }, 30_000);

  it('in a burst (claimed a batch at a time), a failing event fails alone and the others apply once', async () => {
    const sessions = Array.from({ length: 25 }, () => checkoutSession());
    const bad = sessions[7];
    handlers.failing.add(bad.id as string);
    const events = sessions.map((session) => stripeEvent('checkout.session.completed', session));
    await Promise.all(events.map((event) => deliver(t.app, sign(event)).expect(200)));
    const badEvent = events[7];
    for (const event of events)
      if (event !== badEvent) expect(await settled(event.id)).toMatchObject({ attempts: 1 });
    for (const session of sessions) {
      expect(await effects(session.id as string)).toHaveLength(session === bad ? 0 : 1);
    }
    expect(await settled(badEvent.id, 'failed')).toMatchObject({ attempts: 1 });
    handlers.failing.delete(bad.id as string);
    expect(await settled(badEvent.id)).toMatchObject({ attempts: 2 });
    expect(await effects(bad.id as string)).toHaveLength(1);
  });

  it('recovers when a retry succeeds', async () => {
    const session = checkoutSession();
    handlers.failing.add(session.id as string);
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    await settled(event.id, 'failed');
    handlers.failing.delete(session.id as string);
    expect(await settled(event.id)).toMatchObject({ attempts: 2 });
    expect(await effects(session.id as string)).toHaveLength(1);
  });

  it('changes nothing when a processed event is replayed', async () => {
    const session = checkoutSession();
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    await settled(event.id);
    await t.app.get(WebhookEventsService).replay(event.id);
    await eventually(async () => (await t.app.get(WebhookEventsService).attempts(event.id)).length === 2);
    expect(await row(event.id)).toMatchObject({ status: 'processed' });
    // The handler ran again, but the effect claimed on the session is not applied twice.
    expect(await runs(event.id)).toBe(2);
    expect(await effects(session.id as string)).toHaveLength(1);
  });

  it('treats a redelivery after a lost response (stored, then killed) as a no-op', async () => {
    const session = checkoutSession();
    const event = stripeEvent('checkout.session.completed', session);
    const delivery = sign(event);
    // The process stored and committed the event, then died before answering Stripe.
    await t.app.get(WebhookIntakeService).receive(Buffer.from(delivery.payload), delivery.header);
    await settled(event.id);
    // So Stripe delivers it again.
    await deliver(t.app, sign(event)).expect(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await t.app.get(WebhookEventsService).attempts(event.id)).toHaveLength(1);
    expect(await runs(event.id)).toBe(1);
    expect(await effects(session.id as string)).toHaveLength(1);
  });
});
