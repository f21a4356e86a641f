import { StripeEventProcessor } from '../../src/webhooks/stripe-event.processor.js';
import { checkoutSession, deliver, sign, stripeEvent } from '../factories/stripe-events.js';
import { eventually } from '../support/eventually.js';
import { handlersApp } from '../support/stripe-test-handlers.js';
import type { TestApp } from '../support/test-app.js';

// Two app processes (as behind a load balancer) with their workers on one database.
describe('two app processes sharing deliveries', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const first = await handlersApp();
    const second = await handlersApp({ databaseUrl: first.t.databaseUrl });
    ({ t: a } = first);
    ({ t: b } = second);
    for (const { handlers } of [first, second]) handlers.delayMs = 20;
  });

  it('processes each event exactly once, whichever process each delivery reaches', async () => {
    const events = Array.from({ length: 12 }, () =>
      stripeEvent('checkout.session.completed', checkoutSession()),
    );
    // Every event reaches both processes, three times each, all at once.
    const deliveries = events.flatMap((event) =>
      [a, b, a, b, a, b].map((app) => deliver(app.app, sign(event)).expect(200)),
    );
    await Promise.all(deliveries);
    // And both processes' processors race on every event too.
    await Promise.all(
      events.flatMap((event) => [a, b].map((app) => app.app.get(StripeEventProcessor).process(event.id))),
    );
    const ids = events.map((e) => e.id);
    await eventually(async () => {
      const rows = await a.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM stripe_event WHERE id = ANY($1) AND status = 'processed'`,
        [ids],
      );
      return rows[0].n === ids.length;
    });
    const runs = await a.db.query<Array<{ event_id: string; n: number }>>(
      'SELECT event_id, count(*)::int AS n FROM test_run WHERE event_id = ANY($1) GROUP BY event_id',
      [ids],
    );
    expect(runs).toHaveLength(ids.length);
    expect(runs.every((r) => r.n === 1)).toBe(true);
  });
});
