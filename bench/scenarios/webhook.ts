import { randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import type pg from 'pg';
import Stripe from 'stripe';
import type { Bench } from '../harness/bench.ts';
import type { Row, Shot } from '../harness/types.ts';
import { fmt, log, medianOf } from '../harness/util.ts';
import { FULL, RUN } from '../options.ts';
import type { Scenario } from './scenario.ts';

export const CONNECT_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
/** How long after the intake run every event must be processed (or ignored). */
export const DRAIN_BOUND_SECONDS = 60;

export interface WebhookResult {
  row: Row;
  detail: {
    events: number;
    accepted: number;
    eventsPerSecond: number;
    duplicatesSent: number;
    rowsStored: number;
    jobsQueued: number | null;
    statuses: Record<string, number>;
    processingAttempts: number;
    drainSecondsAfterIntake: number | null;
    processedPerSecond: number | null;
    lost: number;
    doubled: number;
    keptUp: boolean;
  };
}

/**
 * Signed deliveries, each a new event id, as fast as 50 connections go; then 200 of them again
 * (Stripe retries deliver duplicates); then the inbox is counted: every event stored once, one
 * job each, every event settled (`processed`/`ignored`) within DRAIN_BOUND_SECONDS.
 */
export async function webhookIntake(
  bench: Bench,
  db: pg.Client,
  port: number,
  host: string,
): Promise<WebhookResult> {
  log('webhook intake');
  const tag = randomBytes(4).toString('hex');
  const stripe = new Stripe('sk_test_bench');
  const sign = (prefix: string, n: number) => {
    const payload = JSON.stringify({
      id: `evt_bench_${prefix}_${n}`,
      object: 'event',
      api_version: '2025-03-31.basil',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      // A marketplace's traffic is mostly its connected accounts' events (the Connect endpoint).
      account: 'acct_bench_webhooks',
      // No handler takes this type, so processing is the inbox's own work: claim, lock, settle.
      type: 'payment_intent.created',
      data: {
        object: { id: `pi_bench_${prefix}_${n}`, object: 'payment_intent', amount: 1000, currency: 'eur' },
      },
    });
    return {
      payload,
      signature: stripe.webhooks.generateTestHeaderString({ payload, secret: CONNECT_WEBHOOK_SECRET }),
    };
  };
  const deliveries = (count: number, prefix = tag) => {
    const list = Array.from({ length: count }, (_, i) => sign(prefix, i));
    let next = 0;
    const setupRequest = (req: autocannon.Request): autocannon.Request => {
      const d = list[next++ % list.length];
      return { ...req, body: d.payload, headers: { ...req.headers, 'stripe-signature': d.signature } };
    };
    return { setupRequest, amount: count };
  };
  const base: Shot = {
    method: 'POST',
    path: '/webhooks/stripe',
    headers: { host, 'content-type': 'application/json' },
  };
  // Warm-up events carry another prefix, so they are not counted below.
  await bench.shoot('app', { ...base, ...deliveries(500, `warm${tag}`) }, 200);

  const n = RUN.webhookEvents;
  const t0 = Date.now();
  const intake = await bench.shoot('app', { ...base, ...deliveries(n) }, 200);
  const intakeEnd = Date.now();
  const dup = await bench.shoot('app', { ...base, ...deliveries(200) }, 200);
  log(`  intake ${fmt(intake.rps, 0)} events/s; duplicates re-sent: ${dup.requests}`);

  const like = `evt_bench_${tag}_%`;
  const countStatuses = async () => {
    const r = await db.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM stripe_event WHERE id LIKE $1 GROUP BY status',
      [like],
    );
    return Object.fromEntries(r.rows.map((x) => [x.status, Number(x.n)]));
  };
  let statuses = await countStatuses();
  let drained: number | null = null;
  const until = intakeEnd + DRAIN_BOUND_SECONDS * 1000 * (FULL ? 3 : 1);
  while (Date.now() < until) {
    statuses = await countStatuses();
    const settled = (statuses.processed ?? 0) + (statuses.ignored ?? 0);
    if (settled >= n) {
      drained = (Date.now() - intakeEnd) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const rowsStored = Object.values(statuses).reduce((a, b) => a + b, 0);
  const attempts = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM stripe_event_attempt WHERE event_id LIKE $1',
    [like],
  );
  // pg-boss's own table; null if a pg-boss upgrade moved it.
  const jobsQueued = await db
    .query<{ n: string }>(
      `SELECT count(*) AS n FROM pgboss.job WHERE name = 'stripe-event' AND data->>'eventId' LIKE $1`,
      [like],
    )
    .then((r) => Number(r.rows[0].n))
    .catch(() => null);
  const accepted = intake.statuses['200'] ?? 0;
  const processingAttempts = Number(attempts.rows[0].n);
  const detail = {
    events: n,
    accepted,
    eventsPerSecond: intake.rps,
    duplicatesSent: dup.requests,
    rowsStored,
    jobsQueued,
    statuses,
    processingAttempts,
    drainSecondsAfterIntake: drained,
    processedPerSecond: drained === null ? null : n / ((intakeEnd - t0) / 1000 + drained),
    lost: n - rowsStored,
    doubled:
      Math.max(0, rowsStored - n) + Math.max(0, (jobsQueued ?? n) - n) + Math.max(0, processingAttempts - n),
    keptUp: drained !== null && drained <= DRAIN_BOUND_SECONDS,
  };
  log(`  inbox: ${JSON.stringify(detail)}`);
  return {
    row: {
      scenario: 'webhook intake',
      server: 'app',
      available: true,
      note: `${n} signed events; stored ${rowsStored}, lost ${detail.lost}, doubled ${detail.doubled}; settled ${
        drained === null ? `NOT within ${DRAIN_BOUND_SECONDS} s` : `${drained.toFixed(1)} s after intake`
      }`,
      reps: [intake],
      median: medianOf([intake]),
    },
    detail,
  };
}

/** `webhook`: signed deliveries to the app's intake, then the inbox counted. */
export const webhook: Scenario = {
  name: 'webhook',
  run: async ({ bench, db, appPort }) => {
    const result = await webhookIntake(bench, db, appPort, `localhost:${appPort}`);
    return { rows: [result.row], webhook: result };
  },
};
