/**
 * `npm run bench` (after `npm run build`): measures the app against a raw baseline run side by
 * side on the same machine, and prints ratios, so the figures hold on a noisy, shared machine.
 *
 *   npm run bench                      3 repetitions × 5 s, 50 connections (< 10 minutes)
 *   npm run bench -- --full            5 × 10 s, plus the growth runs
 *   npm run bench -- --only=home,webhook   a subset of scenarios: home product cart checkout
 *                                      webhook orders, and the growth runs products-growth
 *                                      shops-growth orders-growth search-growth collection-growth
 *                                      (these without --full too)
 *   npm run bench -- --profile         the app runs with --cpu-prof (profiles in bench/results/)
 *   npm run bench -- --events=20000    how many signed events the webhook intake sends
 *   npm run bench -- --statements      the statements that took the database's time, per run
 *   npm run bench -- --separate-worker job workers in their own process (RUN_WORKERS=false on the app)
 *   npm run bench -- --cluster         instead of all this: the production topology through HAProxy
 *                                      with one then two web processes (cluster.ts; needs HAProxy)
 *
 * An embedded PostgreSQL (pg_stat_statements preloaded, to count queries) in a temp dir,
 * migrations, a fast SQL seed, the Stripe emulator, the app in production mode and the
 * baseline server (bench/baseline-server.ts) are started here and stopped at the end.
 * Loaded by Node's type stripping: only erasable TypeScript.
 *
 *   options.ts     the command line above
 *   harness/       processes, database (seed, statement counts), the autocannon runner (bench.ts)
 *   scenarios/     one file per scenario, run in the order of scenarios/index.ts
 *   report.ts      the printed tables, the goals, the JSON in bench/results/
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import pg from 'pg';
import { startEmulator } from '@comptoir/stripe-emulator';
import { Bench } from './harness/bench.ts';
import { firstProduct, startDatabase, StatementCounter } from './harness/database.ts';
import { connectCheckoutShop } from './harness/emulator-shop.ts';
import { send, waitFor } from './harness/http.ts';
import { cleanups, freePort, ROOT, shutdown, startProcess } from './harness/processes.ts';
import { BENCH_PASSWORD, seed, setShopCount } from './harness/seed.ts';
import type { Growth, Row } from './harness/types.ts';
import { log } from './harness/util.ts';
import { clusterBench } from './cluster.ts';
import { CLUSTER, FULL, ONLY, PROFILE, RUN, SEPARATE_WORKER } from './options.ts';
import { evaluateGoals, printReport, writeReport } from './report.ts';
import { GROWTH_SCENARIOS, SCENARIOS } from './scenarios/index.ts';
import type { ScenarioContext } from './scenarios/scenario.ts';
import { CONNECT_WEBHOOK_SECRET, type WebhookResult } from './scenarios/webhook.ts';

const SESSION_SECRET = 'bench-session-secret-bench-session-secret';
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

async function main(): Promise<void> {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  log(
    `workdir ${tmp}; ${FULL ? 'full' : 'short'} run: ${RUN.reps} × ${RUN.seconds} s, ${RUN.connections} connections`,
  );

  const pgHandle = await startDatabase(tmp);
  const databaseUrl = pgHandle.urlFor('bench');
  log('migrating');
  execFileSync(process.execPath, ['dist/src/cli/migration-cli.js', 'run'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: join(tmp, 'migrate'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.unshift(() => db.end());
  log('seeding');
  const t = Date.now();
  const passwordHash = await argon2.hash(BENCH_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 1024,
    timeCost: 1,
  });
  const shops = await seed(db, passwordHash);
  await setShopCount(db, 10);
  log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const emulator = await startEmulator({ port: 0 });
  cleanups.unshift(() => emulator.close());
  await connectCheckoutShop(db, emulator.url, shops.get('cart')!);

  const appPort = await freePort();
  const basePort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const appEnv = {
    NODE_ENV: 'production',
    PORT: String(appPort),
    APP_URL: appUrl,
    APP_DOMAIN: 'localhost',
    DATABASE_URL: databaseUrl,
    RUN_MIGRATIONS: 'false',
    DEMO_SHOP: 'false',
    DATA_DIR: join(tmp, 'app-data'),
    SESSION_SECRET,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_WEBHOOK_SECRET,
    STRIPE_API_URL: emulator.url,
    LOG_LEVEL: 'warn',
    // One load generator is one shopper on one IP: the production limits would answer 429.
    CHECKOUT_LIMIT_PER_SHOPPER: '100000',
    CHECKOUT_LIMIT_PER_IP: '100000',
  };
  const app = startProcess(
    'app',
    [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/results/profiles')}`] : []),
      'dist/src/main.js',
    ],
    { ...appEnv, RUN_WORKERS: String(!SEPARATE_WORKER) },
    tmp,
  );
  if (SEPARATE_WORKER) startProcess('worker', ['dist/src/worker.js'], appEnv, tmp);
  const baseline = startProcess(
    'baseline',
    ['bench/baseline-server.ts'],
    { PORT: String(basePort), APP_URL: appUrl, APP_DOMAIN: 'localhost', DATABASE_URL: databaseUrl },
    tmp,
  );
  await waitFor(
    async () => (await send(appPort, `localhost:${appPort}`, 'GET', '/healthz')).status === 200,
    60_000,
    'the app',
  );
  await waitFor(
    async () => (await send(basePort, `big.localhost:${appPort}`, 'GET', '/')).status === 200,
    30_000,
    'the baseline',
  );

  const servers = { app: { port: appPort, proc: app }, baseline: { port: basePort, proc: baseline } };
  const shopHost = (slug: string) => `${slug}.localhost:${appPort}`;
  const stats = new StatementCounter(db);
  const bench = new Bench(stats, servers);

  // Same page from both: the app's and the baseline's HTML should be about the same size.
  const appHome = await send(appPort, shopHost('big'), 'GET', '/');
  const baseHome = await send(basePort, shopHost('big'), 'GET', '/');
  log(
    `home page: app ${appHome.status} ${appHome.body.length} B, baseline ${baseHome.status} ${baseHome.body.length} B`,
  );

  await stats.measureBackground();
  log(
    `background SQL (pg-boss polling etc.): ${stats.backgroundPerSecond.toFixed(1)} statements/s, subtracted`,
  );

  const rows: Row[] = [];
  const growth: Growth[] = [];
  let webhook: WebhookResult | undefined;
  const want = (name: string) => !ONLY || ONLY.includes(name);
  // Growth runs: all of them with --full, or those named in --only (with or without --full).
  const wantGrowth = (name: string) => (ONLY ? ONLY.includes(name) : FULL);
  const ctx: ScenarioContext = {
    bench,
    db,
    appPort,
    shops,
    shopHost,
    bigProduct: await firstProduct(db, shops.get('big')!),
    cartProduct: await firstProduct(db, shops.get('cart')!),
    want,
  };
  const scenarios = [
    ...SCENARIOS.filter((s) => want(s.name)),
    ...GROWTH_SCENARIOS.filter((s) => wantGrowth(s.name)),
  ];
  for (const scenario of scenarios) {
    const result = await scenario.run(ctx);
    rows.push(...(result.rows ?? []));
    growth.push(...(result.growth ?? []));
    webhook = result.webhook ?? webhook;
  }

  const goals = evaluateGoals(rows, growth, webhook);
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg(), node: process.version };
  const report = {
    at: new Date().toISOString(),
    mode: FULL ? 'full' : 'short',
    run: RUN,
    machine,
    backgroundStatementsPerSecond: stats.backgroundPerSecond,
    rows,
    growth,
    webhook: webhook?.detail,
    goals,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  printReport(report.rows, growth, goals, machine);
  writeReport(report);
}

process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
(CLUSTER ? clusterBench() : main())
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => shutdown());
