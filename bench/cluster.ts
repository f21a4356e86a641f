/**
 * `npm run bench -- --cluster`: the production topology (cluster/topology.ts: HAProxy, web
 * processes with RUN_WORKERS=false, one worker, a primary and a streaming replica) measured
 * through the balancer, once with one web process and once with two:
 * - storefront home (the 10,000-product shop) and product page req/s, read from the replica;
 * - webhook intake events/s (signed deliveries, as scenarios/webhook.ts sends them) and how fast
 *   the one worker settles them;
 * - how long a suspension made by an admin through the balancer takes to show (503) on every web
 *   process, each asked directly, its shop cache warm, so the change reaches it by NOTIFY.
 * A report, not a goal: on 2 cores autocannon competes with the processes it measures.
 * Writes bench/results/cluster-<time>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import argon2 from 'argon2';
import pg from 'pg';
import { startCluster, type Cluster } from '../cluster/topology.ts';
import { waitForReplay } from '../src/database/embedded-postgres.ts';
import { logIn } from './harness/app-client.ts';
import { Bench } from './harness/bench.ts';
import { firstProduct } from './harness/database.ts';
import { cookieHeader, cookiesOf, csrfField, send } from './harness/http.ts';
import { ROOT } from './harness/processes.ts';
import { BENCH_PASSWORD, SHOPS, seed, type BenchShop } from './harness/seed.ts';
import type { Row } from './harness/types.ts';
import { fmt, log, median } from './harness/util.ts';
import { RUN } from './options.ts';
import { CONNECT_WEBHOOK_SECRET, webhookIntake, type WebhookResult } from './scenarios/webhook.ts';

const ADMIN_EMAIL = 'admin@bench.test';
/** Suspend-then-resume rounds; each gives one "visible everywhere" time per direction. */
const SUSPENSION_ROUNDS = 5;
/** Well past the shop cache's TTL (SHOP_CACHE_TTL_MS, 5 s): not seen by then is a failure. */
const VISIBLE_WITHIN_MS = 15_000;

interface Suspension {
  /** Per round: ms from sending the admin's POST until every process answered 503 (then 200). */
  suspendMs: number[];
  resumeMs: number[];
  /** Per round: ms from sending the suspension's POST until its 303 reached the admin. */
  answeredMs: number[];
  /** Per round: ms from that 303 until every process showed the suspension (≤ 0: already). */
  afterAnswerMs: number[];
}

interface TopologyResult {
  webs: 1 | 2;
  rows: Row[];
  webhook: WebhookResult;
  suspension: Suspension;
}

export async function clusterBench(): Promise<void> {
  const started = Date.now();
  const results: TopologyResult[] = [];
  for (const webs of [1, 2] as const) results.push(await measureTopology(webs));
  const report = {
    at: new Date().toISOString(),
    run: RUN,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg(), node: process.version },
    results: results.map((r) => ({
      webs: r.webs,
      rows: r.rows,
      webhook: r.webhook.detail,
      suspension: r.suspension,
    })),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  printClusterReport(results, report.machine);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `cluster-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file} (${report.seconds} s in all)`);
}

async function measureTopology(webs: 1 | 2): Promise<TopologyResult> {
  log(`cluster with ${webs} web process${webs === 1 ? '' : 'es'}: starting`);
  const cluster = await startCluster({
    webs,
    log: (line) => log(`  ${line}`),
    env: { STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_WEBHOOK_SECRET },
  });
  const db = new pg.Client({ connectionString: cluster.primaryUrl });
  try {
    await db.connect();
    const passwordHash = await argon2.hash(BENCH_PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 1024,
      timeCost: 1,
    });
    const shops = await seed(
      db,
      passwordHash,
      SHOPS.filter((s) => s.slug === 'big' || s.slug === 'small'),
    );
    await db.query(`INSERT INTO app_user (email, password_hash, role) VALUES ($1, $2, 'admin')`, [
      ADMIN_EMAIL,
      passwordHash,
    ]);
    // Storefront pages read from the replica: measure them once it has the seed.
    await waitForReplay(cluster.primaryUrl, cluster.replicaUrl, 120_000);

    // First, on a quiet cluster: the time a change takes, not a queue behind a load.
    const suspension = await measureSuspension(cluster, shops.get('small')!);
    const bench = new Bench(undefined, { app: { port: cluster.port } });
    const big = shops.get('big')!;
    const bigHost = cluster.shopHost(big.slug);
    const rows = [
      await bench.single(`storefront home, ${webs} web`, { path: '/', headers: { host: bigHost } }, 200),
      await bench.single(
        `product page, ${webs} web`,
        { path: `/products/${await firstProduct(db, big)}`, headers: { host: bigHost } },
        200,
      ),
    ];
    const webhook = await webhookIntake(bench, db, cluster.port, cluster.appHost);
    return { webs, rows, webhook, suspension };
  } finally {
    await db.end().catch(() => undefined);
    await cluster.stop();
  }
}

/**
 * An admin suspends, then resumes, the shop through the balancer; meanwhile every web process is
 * asked for the shop's home back to back (directly, not through the balancer) until it answers
 * 503 (then 200 again). The figure is the last process's first such answer.
 */
async function measureSuspension(cluster: Cluster, shop: BenchShop): Promise<Suspension> {
  log('suspension: time until every web process shows it');
  const host = cluster.shopHost(shop.slug);
  const cookies = await logIn(cluster.port, ADMIN_EMAIL, BENCH_PASSWORD);
  const page = await send(cluster.port, cluster.appHost, 'GET', `/admin/shops/${shop.id}`, {
    cookie: cookieHeader(cookies),
  });
  if (page.status !== 200) throw new Error(`the admin's shop page answered ${page.status}`);
  // The form's token goes with the CSRF cookie this page set (double submit).
  const csrf = csrfField(page.body);
  const formHeaders = {
    cookie: cookieHeader(new Map([...cookies, ...cookiesOf(page)])),
    origin: `http://${cluster.appHost}`,
    'content-type': 'application/x-www-form-urlencoded',
  };

  const firstAnswer = async (port: number, status: number, t0: number): Promise<number> => {
    for (;;) {
      const reply = await send(port, host, 'GET', '/').catch((err: unknown) => {
        throw new Error(`GET / of 127.0.0.1:${port}: ${String(err)}`);
      });
      if (reply.status === status) return performance.now() - t0;
      if (performance.now() - t0 > VISIBLE_WITHIN_MS)
        throw new Error(`127.0.0.1:${port} did not answer ${status} within ${VISIBLE_WITHIN_MS} ms`);
    }
  };
  // Every process has the shop in its cache: the change must reach it by NOTIFY, not by expiry.
  for (const web of cluster.webs) await firstAnswer(web.port, 200, performance.now());

  const result: Suspension = { suspendMs: [], resumeMs: [], answeredMs: [], afterAnswerMs: [] };
  for (let round = 1; round <= SUSPENSION_ROUNDS; round++) {
    for (const [action, shows] of [
      ['suspend', 503],
      ['resume', 200],
    ] as const) {
      const t0 = performance.now();
      const everywhere = Promise.all(cluster.webs.map((web) => firstAnswer(web.port, shows, t0)));
      // Its failure is reported below, once the POST is answered.
      everywhere.catch(() => undefined);
      const reply = await send(
        cluster.port,
        cluster.appHost,
        'POST',
        `/admin/shops/${shop.id}/${action}`,
        formHeaders,
        new URLSearchParams({ _csrf: csrf, confirm: 'yes', reason: 'Benchmark' }).toString(),
      );
      const answered = performance.now() - t0;
      if (reply.status !== 303) throw new Error(`${action} answered ${reply.status}`);
      const visible = Math.max(...(await everywhere));
      (action === 'suspend' ? result.suspendMs : result.resumeMs).push(visible);
      if (action === 'suspend') {
        result.answeredMs.push(answered);
        result.afterAnswerMs.push(visible - answered);
      }
      log(
        `  round ${round} ${action.padEnd(7)} POST answered in ${fmt(answered, 1)} ms, shown by every process after ${fmt(visible, 1)} ms`,
      );
    }
  }
  return result;
}

function printClusterReport(results: TopologyResult[], machine: { cpus: number; loadavg: number[] }): void {
  const lines = [
    '',
    '| web processes | measure | req/s | p50 ms | p99 ms | unexpected replies |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    for (const row of r.rows) {
      const bad = row.reps.reduce((n, m) => n + m.bad, 0);
      lines.push(
        `| ${r.webs} | ${row.scenario.replace(/, \d web$/, '')} | ${fmt(row.median.rps, 0)} | ${fmt(row.median.p50, 0)} | ${fmt(row.median.p99, 0)} | ${bad} |`,
      );
    }
    const d = r.webhook.detail;
    lines.push(
      `| ${r.webs} | webhook intake (${d.events} events) | ${fmt(d.eventsPerSecond, 0)} | | | ${d.events - d.accepted} |`,
    );
    lines.push(
      `| ${r.webs} | webhook settled by the worker | ${d.processedPerSecond === null ? 'not settled' : fmt(d.processedPerSecond, 0)} | | | lost ${d.lost}, doubled ${d.doubled} |`,
    );
  }
  lines.push('');
  lines.push(
    '| web processes | suspension shown by every process (median / max ms) | of which after the admin saw its 303 (median / max ms) | resumption (median / max ms) |',
  );
  lines.push('|---|---:|---:|---:|');
  for (const r of results) {
    const s = r.suspension;
    lines.push(
      `| ${r.webs} | ${medianMax(s.suspendMs)} | ${medianMax(s.afterAnswerMs)} | ${medianMax(s.resumeMs)} |`,
    );
  }
  lines.push('');
  lines.push(
    `Through HAProxy; ${SUSPENSION_ROUNDS} rounds, times from sending the admin's POST (each process asked directly, back to back). ${machine.cpus} cores shared with the load generator; load average at the end ${machine.loadavg.map((x) => x.toFixed(2)).join(' ')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

const medianMax = (ms: number[]) => `${fmt(median(ms), 1)} / ${fmt(Math.max(...ms), 1)}`;
