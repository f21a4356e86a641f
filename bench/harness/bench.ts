import autocannon from 'autocannon';
import { RUN, STATEMENTS } from '../options.ts';
import type { StatementCounter } from './database.ts';
import { RssSampler } from './processes.ts';
import type { Growth, Measure, Row, Shot, Target } from './types.ts';
import { fmt, log, median, medianOf } from './util.ts';

/**
 * Runs autocannon against the app or the baseline: one measure, or paired/alternating runs.
 * Without a statement counter (the cluster's primary has no pg_stat_statements) SQL/request is
 * not counted; without a process (the cluster's balancer) RSS is not sampled.
 */
export class Bench {
  private readonly stats: StatementCounter | undefined;
  private readonly servers: { app: Target; baseline?: Target };
  constructor(stats: StatementCounter | undefined, servers: { app: Target; baseline?: Target }) {
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
    if (!target) throw new Error(`no ${server} to measure`);
    const rss = target.proc?.pid ? new RssSampler(target.proc.pid) : undefined;
    const stats = this.stats;
    if (STATEMENTS) await stats?.reset();
    const before = (await stats?.total()) ?? 0;
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
    const statements = stats ? (await stats.total()) - before - 1 - stats.backgroundPerSecond * elapsed : NaN;
    const peak = rss?.stop() ?? NaN;
    if (STATEMENTS) await stats?.printTop();
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
