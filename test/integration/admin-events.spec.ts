import { createAdmin, createMerchant, loginAgent, type LoggedInAgent } from '../factories/accounts.js';
import { auditCount } from '../factories/admin.js';
import { checkoutSession, deliver, sign, stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import { handlersApp, type TestStripeHandlers } from '../support/stripe-test-handlers.js';
import type { TestApp } from '../support/test-app.js';

describe('admin: webhook events and replay', () => {
  let t: TestApp;
  let handlers: TestStripeHandlers;
  let admin: LoggedInAgent;
  beforeAll(async () => {
    ({ t, handlers } = await handlersApp({
      env: {
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_RETRY_DELAY_MAX_SECONDS: '1',
      },
    }));
    admin = await loginAgent(t, await createAdmin(t));
  });

  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> =>
    (await t.db.query<T[]>(sql, params))[0];
  const status = async (id: string) =>
    (await one<{ status: string }>('SELECT status FROM stripe_event WHERE id = $1', [id]))?.status;
  const settled = (id: string, want: string) =>
    eventually(async () => ((await status(id)) === want ? true : undefined));
  const effects = (objectId: string) =>
    t.db.query<unknown[]>('SELECT event_id FROM test_effect WHERE object_id = $1', [objectId]);
  const count = async (sql: string, id: string) => (await one<{ n: number }>(sql, [id]))!.n;
  const runs = (eventId: string) =>
    count('SELECT count(*)::int AS n FROM test_run WHERE event_id = $1', eventId);
  const attempts = (eventId: string) =>
    count('SELECT count(*)::int AS n FROM stripe_event_attempt WHERE event_id = $1', eventId);

  it('replays a dead event once it is fixed: applied once, one audit entry', async () => {
    const session = checkoutSession({ metadata: { note: '<img src=x onerror=alert(1)>' } });
    handlers.failing.add(session.id as string);
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    await settled(event.id, 'dead');

    const home = await admin.get('/admin').expect(200);
    expect(home.text).toMatch(/data-testid='dead-count'>1 dead event/);
    const list = await admin.get('/admin/events?status=dead').expect(200);
    expect(list.text).toContain(event.id);
    const detail = await admin.get(`/admin/events/${event.id}`).expect(200);
    expect(detail.text).toContain('test handler failure');
    // The payload is pretty-printed and escaped.
    expect(detail.text).toContain('&quot;type&quot;: &quot;checkout.session.completed&quot;');
    expect(detail.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(detail.text).not.toContain('<img src=x');

    handlers.failing.delete(session.id as string);
    const confirm = await admin.post('/admin/events/replay', { eventId: event.id }).expect(200);
    expect(confirm.text).toContain(`${event.id} · checkout.session.completed · dead`);
    expect(await status(event.id)).toBe('dead');
    await admin
      .post('/admin/events/replay', { eventId: event.id, confirm: 'yes' })
      .expect(303)
      .expect('Location', '/admin/events?replayed=1');
    await settled(event.id, 'processed');
    expect(await effects(session.id as string)).toHaveLength(1);
    expect(await runs(event.id)).toBe(1);
    const entries = await t.db.query(
      'SELECT action, target_id, before, after FROM audit_entry WHERE target_id = $1',
      [event.id],
    );
    expect(entries).toEqual([
      {
        action: 'event.replay',
        target_id: event.id,
        before: { status: 'dead', attempts: 1, type: 'checkout.session.completed' },
        after: { status: 'received', attempts: 0, type: 'checkout.session.completed' },
      },
    ]);
    expect((await admin.get('/admin').expect(200)).text).toMatch(/data-testid='dead-count'>0 dead event/);
  });

  it('replays a processed event without changing anything', async () => {
    const session = checkoutSession();
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    await settled(event.id, 'processed');
    await admin.post('/admin/events/replay', { eventId: event.id, confirm: 'yes' }).expect(303);
    await eventually(async () => ((await attempts(event.id)) === 2 ? true : undefined));
    expect(await status(event.id)).toBe('processed');
    expect(await effects(session.id as string)).toHaveLength(1);
    expect(await auditCount(t, 'target_id = $1', [event.id])).toBe(1);
  });

  it('replays several selected events, one audit entry each, and filters by shop, type and status', async () => {
    const m = await createMerchant(t);
    await t.db.query(`UPDATE shop SET stripe_account_id = 'acct_admin_events' WHERE id = $1`, [m.shop.id]);
    const e1 = stripeEvent('checkout.session.completed', checkoutSession(), { account: 'acct_admin_events' });
    const e2 = stripeEvent(
      'account.updated',
      { id: 'acct_admin_events', object: 'account', charges_enabled: true },
      { account: 'acct_admin_events' },
    );
    const other = stripeEvent(
      'account.updated',
      { id: 'acct_other', object: 'account', charges_enabled: true },
      { account: 'acct_other' },
    );
    for (const e of [e1, e2, other]) await deliver(t.app, sign(e)).expect(200);
    for (const e of [e1, e2, other]) await settled(e.id, 'processed');

    const byShop = (await admin.get(`/admin/events?shop=${m.shop.slug}`).expect(200)).text;
    expect(byShop).toContain(e1.id);
    expect(byShop).toContain(e2.id);
    expect(byShop).not.toContain(other.id);
    expect(byShop).toContain(m.shop.name);
    const byType = (await admin.get(`/admin/events?shop=acct_admin_events&type=account.updated`).expect(200))
      .text;
    expect(byType).toContain(e2.id);
    expect(byType).not.toContain(e1.id);
    expect((await admin.get(`/admin/events?shop=${m.shop.slug}&status=dead`).expect(200)).text).not.toContain(
      e1.id,
    );

    const before = await auditCount(t);
    await admin.agent
      .post('/admin/events/replay')
      .set('Host', t.config.appHost)
      .type('form')
      .send(`_csrf=${encodeURIComponent(admin.csrf)}&confirm=yes&eventId=${e1.id}&eventId=${e2.id}`)
      .expect(303)
      .expect('Location', '/admin/events?replayed=2');
    expect((await auditCount(t)) - before).toBe(2);
    expect(await auditCount(t, `action = 'event.replay' AND shop_id = $1`, [m.shop.id])).toBe(2);
    await admin.post('/admin/events/replay', { confirm: 'yes' }).expect(422);
    await admin.post('/admin/events/replay', { eventId: 'evt_nope', confirm: 'yes' }).expect(404);
  });

  it('counts quarantined events on the admin home', async () => {
    const session = checkoutSession({ metadata: { owner_account: 'acct_someone_else' } });
    const event = stripeEvent('checkout.session.completed', session);
    await deliver(t.app, sign(event)).expect(200);
    await settled(event.id, 'quarantined');
    expect((await admin.get('/admin').expect(200)).text).toMatch(
      /data-testid='quarantined-count'>1 quarantined event/,
    );
  });
});
