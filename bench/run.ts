/**
 * `npm run bench` (after `npm run build`): measures the app against a raw baseline run side by
 * side on the same machine, and prints ratios, so the figures hold on a noisy, shared machine.
 *
 *   npm run bench                      3 repetitions × 5 s, 50 connections (< 10 minutes)
 *   npm run bench -- --full            5 × 10 s, plus the growth runs
 *   npm run bench -- --only=home,webhook   a subset of scenarios: home product cart checkout
 *                                      webhook orders, and the growth runs products-growth
 *                                      shops-growth orders-growth (these without --full too)
 *   npm run bench -- --profile         the app runs with --cpu-prof (profiles in bench/results/)
 *   npm run bench -- --events=20000    how many signed events the webhook intake sends
 *   npm run bench -- --statements      the statements that took the database's time, per run
 *   npm run bench -- --separate-worker job workers in their own process (RUN_WORKERS=false on the app)
 *
 * An embedded PostgreSQL (pg_stat_statements preloaded, to count queries) in a temp dir,
 * migrations, a fast SQL seed, the Stripe emulator, the app in production mode and the
 * baseline server (bench/baseline-server.ts) are started here and stopped at the end.
 * Loaded by Node's type stripping: only erasable TypeScript.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import pg from 'pg';
import Stripe from 'stripe';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/database/embedded-postgres.ts';
import { cookieHeader, cookiesOf, csrfField, send, waitFor } from './http.ts';
import { BENCH_PASSWORD, seed, setShopCount, type BenchShop } from './seed.ts';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const FULL = args.includes('--full');
const PROFILE = args.includes('--profile');
/** Job workers in their own process (`npm run worker`, web process with RUN_WORKERS=false). */
const SEPARATE_WORKER = args.includes('--separate-worker');
/** Print the statements that took the database's time during each run (pg_stat_statements). */
const STATEMENTS = args.includes('--statements');
const ONLY = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const RUN = FULL
  ? { reps: 5, seconds: 10, connections: 50, warmup: 3, webhookEvents: 20_000 }
  : { reps: 3, seconds: 5, connections: 50, warmup: 2, webhookEvents: 6_000 };
const EVENTS = args.find((a) => a.startsWith('--events='))?.slice('--events='.length);
if (EVENTS) RUN.webhookEvents = Number(EVENTS);
const SESSION_SECRET = 'bench-session-secret-bench-session-secret';
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const CONNECT_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;
/** How long after the intake run every event must be processed (or ignored). */
const DRAIN_BOUND_SECONDS = 60;

const GOALS = {
  homeRatio: 0.65,
  homeRatioStretch: 0.75,
  homeP99: 2,
  webhookEventsPerSecond: 1_000,
  growth: 1.2,
  /** Dashboard orders list req/s ÷ storefront home (app) req/s, same run. */
  dashboardVsHome: 0.4,
  /** Session read, user + shop, page query. */
  dashboardSqlPerRequest: 3,
};

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** SQL statements per request (pg_stat_statements, background activity subtracted). */
  qpr: number;
  requests: number;
  /** Replies with another status than expected, plus errors and timeouts. */
  bad: number;
  statuses: Record<string, number>;
}

interface Row {
  scenario: string;
  server: 'app' | 'baseline';
  available: boolean;
  note?: string;
  reps: Measure[];
  median: Omit<Measure, 'statuses'>;
  /** Median of same-repetition ratios app/baseline (req/s) and app/baseline (p99). */
  ratio?: number;
  p99Ratio?: number;
}

interface Growth {
  name: string;
  small: string;
  large: string;
  available: boolean;
  smallRps?: number;
  largeRps?: number;
  /** Median of same-repetition ratios small req/s ÷ large req/s: 1 = no slow-down with size. */
  ratio?: number;
  note?: string;
}

const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

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

  const emulatorModule = (await import(
    pathToFileURL(join(ROOT, 'dist/emulator/src/index.js')).href
  )) as typeof import('../emulator/src/index.ts');
  const emulator = await emulatorModule.startEmulator({ port: 0 });
  cleanups.unshift(() => emulator.close());
  await connectCheckoutShop(db, emulator.url, shops.get('cart')!, emulatorModule.submitHostedOnboarding);

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
  const want = (name: string) => !ONLY || ONLY.includes(name);
  // Growth runs: all of them with --full, or those named in --only (with or without --full).
  const wantGrowth = (name: string) => (ONLY ? ONLY.includes(name) : FULL);
  const bigProduct = await firstProduct(db, shops.get('big')!);
  const cartProduct = await firstProduct(db, shops.get('cart')!);

  if (want('home')) {
    rows.push(
      ...(await bench.paired('storefront home', {
        app: { path: '/', headers: { host: shopHost('big') } },
        baseline: { path: '/', headers: { host: shopHost('big') } },
        expect: 200,
      })),
    );
  }
  if (want('product')) {
    rows.push(
      await bench.single(
        'product page',
        { path: `/products/${bigProduct}`, headers: { host: shopHost('big') } },
        200,
      ),
    );
  }
  if (want('cart')) {
    const form = await shopperForm(appPort, shopHost('cart'), cartProduct);
    rows.push(
      await bench.single(
        'add-to-cart POST',
        {
          method: 'POST',
          path: '/cart/add',
          headers: form.headers,
          body: new URLSearchParams({ productId: cartProduct, quantity: '1', _csrf: form.token }).toString(),
        },
        303,
      ),
    );
  }
  if (want('checkout')) {
    const form = await shopperForm(appPort, shopHost('cart'), cartProduct);
    const added = await send(
      appPort,
      shopHost('cart'),
      'POST',
      '/cart/add',
      form.headers,
      new URLSearchParams({ productId: cartProduct, quantity: '1', _csrf: form.token }).toString(),
    );
    const cookies = new Map([...form.cookies, ...cookiesOf(added)]);
    const headers = { ...form.headers, cookie: cookieHeader(cookies) };
    const body = new URLSearchParams({ _csrf: form.token }).toString();
    const probe = await send(appPort, shopHost('cart'), 'POST', '/checkout', headers, body);
    const available = probe.status === 303;
    if (!available) log(`checkout probe answered ${probe.status}: ${pageText(probe.body)}`);
    const row = await bench.single(
      'checkout POST',
      { method: 'POST', path: '/checkout', headers, body },
      probe.status,
    );
    row.available = available;
    if (!available) row.note = `not available yet (POST /checkout answers ${probe.status} on this branch)`;
    else row.note = 'each request makes a pending order and a Checkout Session on the emulator';
    rows.push(row);
  }
  let webhook: WebhookResult | undefined;
  if (want('webhook')) {
    webhook = await webhookIntake(bench, db, appPort, `localhost:${appPort}`);
    rows.push(webhook.row);
  }
  if (want('orders')) {
    const probe = await merchantSession(appPort, shops.get('orders-big')!);
    const list = await send(appPort, `localhost:${appPort}`, 'GET', '/dashboard/orders', { cookie: probe });
    if (list.status !== 200) {
      rows.push(
        notAvailable('dashboard orders list', `GET /dashboard/orders answers ${list.status} on this branch`),
      );
    } else {
      const dashboard: Shot = {
        path: '/dashboard/orders',
        headers: { host: `localhost:${appPort}`, cookie: probe },
      };
      // With the home in the run, each repetition measures both, so the goal's ratio is a median
      // of same-repetition ratios (the machine's load moves both alike), like app ÷ baseline.
      rows.push(
        want('home')
          ? await bench.againstReference('dashboard orders list', dashboard, {
              path: '/',
              headers: { host: shopHost('big') },
            })
          : await bench.single('dashboard orders list', dashboard, 200),
      );
    }
  }

  if (wantGrowth('products-growth')) {
    log('growth runs: products');
    growth.push(
      await bench.growth(
        'home: 10 → 10,000 products',
        { label: '10 products', path: '/', headers: { host: shopHost('small') } },
        { label: '10,000 products', path: '/', headers: { host: shopHost('big') } },
      ),
    );
    // The 10-product home shows 10 cards, the 10,000-product one a full page of 24: this pair
    // (the 24-product shop is one full page) isolates catalog size from page size.
    growth.push(
      await bench.growth(
        'home: 24 → 10,000 products (a full page each)',
        { label: '24 products', path: '/', headers: { host: shopHost('cart') } },
        { label: '10,000 products', path: '/', headers: { host: shopHost('big') } },
      ),
    );
  }
  if (wantGrowth('shops-growth')) {
    log('growth runs: shops');
    growth.push(
      await bench.growth(
        'home: 10 → 10,000 shops',
        {
          label: '10 shops',
          path: '/',
          headers: { host: shopHost('small') },
          before: () => setShopCount(db, 10),
        },
        {
          label: '10,000 shops',
          path: '/',
          headers: { host: shopHost('small') },
          before: () => setShopCount(db, 10_000),
        },
      ),
    );
    await setShopCount(db, 10);
  }
  if (wantGrowth('orders-growth')) {
    log('growth runs: orders');
    const big = await merchantSession(appPort, shops.get('orders-big')!);
    const small = await merchantSession(appPort, shops.get('orders-small')!);
    const list = await send(appPort, `localhost:${appPort}`, 'GET', '/dashboard/orders', { cookie: small });
    if (list.status === 200) {
      growth.push(
        await bench.growth(
          'orders list: 100 → 100,000 orders',
          {
            label: '100 orders',
            path: '/dashboard/orders',
            headers: { host: `localhost:${appPort}`, cookie: small },
          },
          {
            label: '100,000 orders',
            path: '/dashboard/orders',
            headers: { host: `localhost:${appPort}`, cookie: big },
          },
        ),
      );
    } else {
      growth.push({
        name: 'orders list: 100 → 100,000 orders',
        small: '100 orders',
        large: '100,000 orders',
        available: false,
        note: `not available yet (GET /dashboard/orders answers ${list.status})`,
      });
    }
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
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file} (${report.seconds} s in all)`);
}

// ---------------------------------------------------------------------------------------------

interface Target {
  port: number;
  proc: ChildProcess;
}

interface Shot {
  method?: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Many different requests, one after another (webhook deliveries). */
  setupRequest?: autocannon.Request['setupRequest'];
  amount?: number;
}

class Bench {
  private readonly stats: StatementCounter;
  private readonly servers: { app: Target; baseline: Target };
  constructor(stats: StatementCounter, servers: { app: Target; baseline: Target }) {
    this.stats = stats;
    this.servers = servers;
  }

  async shoot(
    server: 'app' | 'baseline',
    shot: Shot,
    expect: number,
    seconds = RUN.seconds,
  ): Promise<Measure> {
    const target = this.servers[server];
    const rss = new RssSampler(target.proc.pid!);
    if (STATEMENTS) await this.stats.reset();
    const before = await this.stats.total();
    const t0 = Date.now();
    let lastResponseAt = t0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${target.port}`,
          connections: RUN.connections,
          ...(shot.amount ? { amount: shot.amount } : { duration: seconds }),
          requests: [
            {
              method: shot.method ?? 'GET',
              path: shot.path,
              headers: shot.headers,
              body: shot.body,
              ...(shot.setupRequest ? { setupRequest: shot.setupRequest } : {}),
            },
          ],
        },
        (err, res) => (err ? reject(err as Error) : resolve(res)),
      );
      // autocannon ends a fixed-amount run on its next one-second tick: time the last response.
      if (shot.amount) instance.on('response', () => (lastResponseAt = Date.now()));
    });
    const elapsed = (Date.now() - t0) / 1000;
    const statements = (await this.stats.total()) - before - 1 - this.stats.backgroundPerSecond * elapsed;
    const peak = rss.stop();
    if (STATEMENTS) await this.stats.printTop();
    const statuses: Record<string, number> = {};
    for (const [code, n] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = n.count ?? 0;
    const good = statuses[String(expect)] ?? 0;
    const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
    return {
      // A fixed amount of requests (webhook deliveries): first request to last response.
      rps: shot.amount ? requests / ((lastResponseAt - t0) / 1000) : result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssMb: peak,
      qpr: requests ? Math.max(0, statements) / requests : 0,
      requests,
      bad: requests - good + result.errors + result.timeouts,
      statuses,
    };
  }

  async warm(server: 'app' | 'baseline', shot: Shot, expect: number): Promise<void> {
    await this.shoot(server, shot, expect, RUN.warmup);
  }

  /** App and baseline in turn, the order alternating per repetition. */
  async paired(scenario: string, spec: { app: Shot; baseline: Shot; expect: number }): Promise<Row[]> {
    log(`${scenario}: app vs baseline`);
    await this.warm('app', spec.app, spec.expect);
    await this.warm('baseline', spec.baseline, spec.expect);
    const app: Measure[] = [];
    const base: Measure[] = [];
    for (let i = 0; i < RUN.reps; i++) {
      const order = i % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
      for (const server of order) {
        const m = await this.shoot(server, spec[server], spec.expect);
        (server === 'app' ? app : base).push(m);
        log(`  rep ${i + 1} ${server.padEnd(8)} ${fmt(m.rps, 0).padStart(6)} req/s  p99 ${m.p99} ms`);
      }
    }
    const ratio = median(app.map((m, i) => m.rps / base[i].rps));
    const p99Ratio = median(app.map((m, i) => m.p99 / Math.max(1, base[i].p99)));
    return [
      { scenario, server: 'app', available: true, reps: app, median: medianOf(app), ratio, p99Ratio },
      { scenario, server: 'baseline', available: true, reps: base, median: medianOf(base) },
    ];
  }

  async single(scenario: string, shot: Shot, expect: number): Promise<Row> {
    log(scenario);
    await this.warm('app', shot, expect);
    const reps: Measure[] = [];
    for (let i = 0; i < RUN.reps; i++) {
      const m = await this.shoot('app', shot, expect);
      reps.push(m);
      log(
        `  rep ${i + 1} ${fmt(m.rps, 0).padStart(6)} req/s  p99 ${m.p99} ms  statuses ${JSON.stringify(m.statuses)}`,
      );
    }
    return { scenario, server: 'app', available: true, reps, median: medianOf(reps) };
  }

  /**
   * `shot` and the app's `reference` (both 200) in turn, the order alternating per repetition;
   * the row's ratio is the median of same-repetition ratios shot ÷ reference.
   */
  async againstReference(scenario: string, shot: Shot, reference: Shot): Promise<Row> {
    log(`${scenario}: against the storefront home`);
    await this.warm('app', shot, 200);
    const reps: Measure[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < RUN.reps; i++) {
      const ref = i % 2 === 0 ? undefined : await this.shoot('app', reference, 200);
      const m = await this.shoot('app', shot, 200);
      const r = ref ?? (await this.shoot('app', reference, 200));
      reps.push(m);
      ratios.push(m.rps / r.rps);
      log(
        `  rep ${i + 1} ${fmt(m.rps, 0).padStart(6)} req/s  p99 ${m.p99} ms  (home ${fmt(r.rps, 0)} req/s)  statuses ${JSON.stringify(m.statuses)}`,
      );
    }
    return {
      scenario,
      server: 'app',
      available: true,
      reps,
      median: medianOf(reps),
      ratio: median(ratios),
      note: 'ratio: × storefront home (app), same repetition',
    };
  }

  async growth(
    name: string,
    small: Shot & { label: string; before?: () => Promise<void> },
    large: Shot & { label: string; before?: () => Promise<void> },
  ): Promise<Growth> {
    log(name);
    const s: Measure[] = [];
    const l: Measure[] = [];
    for (let i = 0; i < RUN.reps; i++) {
      const order = i % 2 === 0 ? [small, large] : [large, small];
      for (const side of order) {
        await side.before?.();
        if (i === 0 || side.before) await this.warm('app', side, 200);
        const m = await this.shoot('app', side, 200);
        (side === small ? s : l).push(m);
        log(`  rep ${i + 1} ${side.label.padEnd(16)} ${fmt(m.rps, 0).padStart(6)} req/s  p99 ${m.p99} ms`);
      }
    }
    return {
      name,
      small: small.label,
      large: large.label,
      available: true,
      smallRps: median(s.map((m) => m.rps)),
      largeRps: median(l.map((m) => m.rps)),
      ratio: median(s.map((m, i) => m.rps / l[i].rps)),
    };
  }
}

// ---------------------------------------------------------------------------------------------

interface WebhookResult {
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
async function webhookIntake(
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

// ---------------------------------------------------------------------------------------------

async function startDatabase(tmp: string): Promise<EmbeddedPostgresHandle> {
  log('starting PostgreSQL');
  const first = await startEmbeddedPostgres({ dir: tmp });
  // pg_stat_statements counts statements per request; it must be preloaded, hence a restart.
  const admin = new pg.Client({ connectionString: first.adminUrl });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.query(`ALTER SYSTEM SET pg_stat_statements.max = 10000`);
  await admin.end();
  await first.stop();
  const handle = await startEmbeddedPostgres({ dir: tmp });
  cleanups.push(() => handle.stop());
  await handle.ensureDatabase('bench');
  const db = new pg.Client({ connectionString: handle.urlFor('bench') });
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.end();
  return handle;
}

class StatementCounter {
  backgroundPerSecond = 0;
  private readonly db: pg.Client;
  constructor(db: pg.Client) {
    this.db = db;
  }

  async total(): Promise<number> {
    const r = await this.db.query<{ n: string }>(
      `SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
    );
    return Number(r.rows[0].n);
  }

  async reset(): Promise<void> {
    await this.db.query('SELECT pg_stat_statements_reset()');
  }

  async printTop(limit = 8): Promise<void> {
    const r = await this.db.query<{ calls: string; ms: string; mean: string; wal: string; query: string }>(
      `SELECT calls, round(total_exec_time::numeric) AS ms, round(mean_exec_time::numeric, 3) AS mean,
              wal_records AS wal, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = current_database() AND query NOT LIKE '%pg_stat_statements%'
        ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    for (const x of r.rows)
      log(`    ${x.ms} ms  ${x.calls} calls  ${x.mean} ms each  ${x.wal} WAL  ${x.query}`);
  }

  async measureBackground(seconds = 3): Promise<void> {
    const a = await this.total();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    this.backgroundPerSecond = Math.max(0, (await this.total()) - a - 1) / seconds;
  }
}

class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly pid: number;
  constructor(pid: number) {
    this.pid = pid;
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
  }
  private sample(): void {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (m) this.peak = Math.max(this.peak, Number(m[1]) / 1024);
    } catch {
      // process gone
    }
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peak);
  }
}

function startProcess(name: string, argv: string[], env: Record<string, string>, tmp: string): ChildProcess {
  const out = openSync(join(tmp, `${name}.log`), 'a');
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, ...env },
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `${name} exited (${code ?? signal}); its log:\n${readFileSync(join(tmp, `${name}.log`), 'utf8')}\n`,
      );
      process.exitCode = 1;
    }
  });
  children.push(child);
  return child;
}

/** A shop page's CSRF cookie and token, as a shopper's browser has them before posting a form. */
async function shopperForm(port: number, host: string, productId: string) {
  const page = await send(port, host, 'GET', `/products/${productId}`);
  if (page.status !== 200) throw new Error(`product page answered ${page.status}`);
  const cookies = cookiesOf(page);
  return {
    token: csrfField(page.body),
    cookies,
    headers: {
      host,
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(cookies),
    },
  };
}

/** Logs the shop's merchant in through the form; returns the Cookie header of the session. */
async function merchantSession(port: number, shop: BenchShop): Promise<string> {
  const host = `localhost:${port}`;
  const page = await send(port, host, 'GET', '/login');
  const cookies = cookiesOf(page);
  const reply = await send(
    port,
    host,
    'POST',
    '/login',
    {
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(cookies),
    },
    new URLSearchParams({
      email: shop.email,
      password: BENCH_PASSWORD,
      _csrf: csrfField(page.body),
    }).toString(),
  );
  if (reply.status !== 303) throw new Error(`log-in of ${shop.email} answered ${reply.status}`);
  return cookieHeader(new Map([...cookies, ...cookiesOf(reply)]));
}

/** The checkout shop gets a connected account (and a Price) on the emulator, charges enabled. */
async function connectCheckoutShop(
  db: pg.Client,
  emulatorUrl: string,
  shop: BenchShop,
  submitHostedOnboarding: typeof import('../emulator/src/index.ts').submitHostedOnboarding,
): Promise<void> {
  const url = new URL(emulatorUrl);
  const stripe = new Stripe('sk_test_bench', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
  });
  try {
    const account = await stripe.accounts.create({ type: 'standard', country: 'FR', email: shop.email });
    // The emulator, like Stripe, refuses Checkout Sessions until the account's onboarding is done.
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${emulatorUrl}/refresh`,
      return_url: `${emulatorUrl}/return`,
    });
    await submitHostedOnboarding(link.url, { businessName: shop.slug });
    const onboarded = await stripe.accounts.retrieve(account.id);
    if (!onboarded.charges_enabled) throw new Error('the emulator account did not get charges enabled');
    await db.query(
      `UPDATE shop SET stripe_account_id = $2, stripe_charges_enabled = true, stripe_details_submitted = true,
                       stripe_payouts_enabled = true WHERE id = $1`,
      [shop.id, account.id],
    );
    const products = await db.query<{ id: string; name: string; price_amount: number }>(
      'SELECT id, name, price_amount FROM product WHERE shop_id = $1',
      [shop.id],
    );
    for (const p of products.rows) {
      const product = await stripe.products.create(
        { name: p.name, default_price_data: { currency: 'eur', unit_amount: p.price_amount } },
        { stripeAccount: account.id },
      );
      await db.query(
        `UPDATE product SET stripe_product_id = $2, stripe_price_id = $3, stripe_price_amount = $4 WHERE id = $1`,
        [p.id, product.id, product.default_price as string, p.price_amount],
      );
    }
  } catch (err) {
    log(`could not connect the checkout shop on the emulator: ${String(err)}`);
  }
}

async function firstProduct(db: pg.Client, shop: BenchShop): Promise<string> {
  const r = await db.query<{ id: string }>(
    'SELECT id FROM product WHERE shop_id = $1 AND (stock IS NULL OR stock > 0) ORDER BY sort_order LIMIT 1',
    [shop.id],
  );
  return r.rows[0].id;
}

/** The visible text of an error page, shortened: why a probe was refused. */
function pageText(html: string): string {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html;
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function notAvailable(scenario: string, why: string): Row {
  return {
    scenario,
    server: 'app',
    available: false,
    note: `not available yet (${why})`,
    reps: [],
    median: { rps: 0, p50: 0, p99: 0, rssMb: 0, qpr: 0, requests: 0, bad: 0 },
  };
}

// ---------------------------------------------------------------------------------------------

interface Goal {
  goal: string;
  value: string;
  met: boolean | null;
}

function evaluateGoals(rows: Row[], growth: Growth[], webhook?: WebhookResult): Goal[] {
  const goals: Goal[] = [];
  const home = rows.find((r) => r.scenario === 'storefront home' && r.server === 'app');
  if (home?.ratio !== undefined) {
    goals.push({
      goal: `storefront home ≥ ${GOALS.homeRatio}× baseline req/s`,
      value: `${fmt(home.ratio, 2)}×`,
      met: home.ratio >= GOALS.homeRatio,
    });
    goals.push({
      goal: `storefront home ≥ ${GOALS.homeRatioStretch}× (stretch)`,
      value: `${fmt(home.ratio, 2)}×`,
      met: home.ratio >= GOALS.homeRatioStretch,
    });
    goals.push({
      goal: `storefront home p99 ≤ ${GOALS.homeP99}× baseline`,
      value: `${fmt(home.p99Ratio ?? NaN, 2)}×`,
      met: (home.p99Ratio ?? Infinity) <= GOALS.homeP99,
    });
  } else {
    goals.push({ goal: 'storefront home vs baseline', value: 'not measured', met: null });
  }
  if (webhook) {
    const d = webhook.detail;
    goals.push({
      goal: `webhook intake ≥ ${GOALS.webhookEventsPerSecond} events/s`,
      value: fmt(d.eventsPerSecond, 0),
      met: d.eventsPerSecond >= GOALS.webhookEventsPerSecond,
    });
    goals.push({
      goal: 'webhook: none lost or doubled',
      value: `lost ${d.lost}, doubled ${d.doubled}`,
      met: d.lost === 0 && d.doubled === 0 && d.accepted === d.events,
    });
    goals.push({
      goal: `webhook: processing keeps up (settled ≤ ${DRAIN_BOUND_SECONDS} s after intake)`,
      value:
        d.drainSecondsAfterIntake === null
          ? 'not settled'
          : `${fmt(d.drainSecondsAfterIntake, 1)} s (${fmt(d.processedPerSecond ?? 0, 0)} events/s)`,
      met: d.keptUp,
    });
  } else {
    goals.push({ goal: 'webhook intake', value: 'not measured', met: null });
  }
  const dashboard = rows.find((r) => r.scenario === 'dashboard orders list' && r.available);
  if (dashboard?.ratio !== undefined) {
    goals.push({
      goal: `dashboard orders list ≥ ${GOALS.dashboardVsHome}× storefront home req/s`,
      value: `${fmt(dashboard.ratio, 2)}× (median of same-repetition ratios)`,
      met: dashboard.ratio >= GOALS.dashboardVsHome,
    });
  } else {
    goals.push({
      goal: `dashboard orders list ≥ ${GOALS.dashboardVsHome}× storefront home req/s`,
      value: 'not measured (needs home and orders)',
      met: null,
    });
  }
  if (dashboard) {
    // Up to `connections` requests are in flight when a run's count starts and ends: their
    // statements are counted, they are not. That bounds the excess over the true figure.
    const sql = GOALS.dashboardSqlPerRequest;
    const inFlight = (sql * RUN.connections) / Math.max(1, dashboard.median.requests);
    goals.push({
      goal: `dashboard orders list ≤ ${sql} SQL/request`,
      value: `${fmt(dashboard.median.qpr, 2)} (up to +${fmt(inFlight, 2)} from requests in flight at the ends)`,
      met: dashboard.median.qpr <= sql + inFlight,
    });
  }
  if (!growth.length)
    goals.push({
      goal: `growth ratios ≤ ${GOALS.growth}`,
      value: 'not measured (run with --full, or --only=orders-growth etc.)',
      met: null,
    });
  for (const g of growth) {
    goals.push({
      goal: `growth ${g.name} ≤ ${GOALS.growth}`,
      value: g.available ? `${fmt(g.ratio ?? NaN, 2)}` : (g.note ?? 'not available'),
      met: g.available ? (g.ratio ?? Infinity) <= GOALS.growth : null,
    });
  }
  return goals;
}

function printReport(
  rows: Row[],
  growth: Growth[],
  goals: Goal[],
  machine: { cpus: number; loadavg: number[] },
): void {
  const lines: string[] = [];
  lines.push('');
  lines.push(`| scenario | server | req/s | p50 ms | p99 ms | RSS MB | SQL/req | ratio | note |`);
  lines.push(`|---|---|---:|---:|---:|---:|---:|---:|---|`);
  for (const r of rows) {
    const m = r.median;
    const cells =
      r.available || r.reps.length
        ? [fmt(m.rps, 0), fmt(m.p50, 0), fmt(m.p99, 0), String(m.rssMb), fmt(m.qpr, 2)]
        : ['–', '–', '–', '–', '–'];
    const bad = r.reps.reduce((n, x) => n + x.bad, 0);
    const note = [
      r.note,
      bad ? `${bad} unexpected replies` : '',
      r.p99Ratio !== undefined ? `p99 ${fmt(r.p99Ratio, 2)}× baseline` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `| ${r.scenario} | ${r.server} | ${cells.join(' | ')} | ${r.ratio !== undefined ? `${fmt(r.ratio, 2)}×` : ''} | ${note} |`,
    );
  }
  if (growth.length) {
    lines.push('');
    lines.push('| growth | small req/s | large req/s | ratio small÷large |');
    lines.push('|---|---:|---:|---:|');
    for (const g of growth) {
      lines.push(
        g.available
          ? `| ${g.name} | ${fmt(g.smallRps ?? 0, 0)} | ${fmt(g.largeRps ?? 0, 0)} | ${fmt(g.ratio ?? NaN, 2)} |`
          : `| ${g.name} | – | – | ${g.note ?? 'not available'} |`,
      );
    }
  }
  lines.push('');
  lines.push('| goal | measured | |');
  lines.push('|---|---|---|');
  for (const g of goals)
    lines.push(`| ${g.goal} | ${g.value} | ${g.met === null ? '–' : g.met ? 'met' : 'NOT met'} |`);
  lines.push('');
  lines.push(
    `${machine.cpus} cores; load average at the end ${machine.loadavg.map((x) => x.toFixed(2)).join(' ')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function medianOf(ms: Measure[]): Omit<Measure, 'statuses'> {
  const pick = (f: (m: Measure) => number) => median(ms.map(f));
  return {
    rps: pick((m) => m.rps),
    p50: pick((m) => m.p50),
    p99: pick((m) => m.p99),
    rssMb: pick((m) => m.rssMb),
    qpr: pick((m) => m.qpr),
    requests: pick((m) => m.requests),
    bad: pick((m) => m.bad),
  };
}

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let stopping = false;
async function shutdown(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  for (const clean of cleanups.splice(0))
    await clean().catch((err: unknown) => log(`cleanup: ${String(err)}`));
}

process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => shutdown());
