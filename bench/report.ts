import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness/processes.ts';
import type { Growth, Row } from './harness/types.ts';
import { fmt, log } from './harness/util.ts';
import { RUN } from './options.ts';
import { DRAIN_BOUND_SECONDS, type WebhookResult } from './scenarios/webhook.ts';

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

export interface Goal {
  goal: string;
  value: string;
  met: boolean | null;
}

export function evaluateGoals(rows: Row[], growth: Growth[], webhook?: WebhookResult): Goal[] {
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

export function printReport(
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

/** Writes the run to bench/results/bench-<time>.json and bench/results/latest.json. */
export function writeReport(report: { at: string; seconds: number }): void {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file} (${report.seconds} s in all)`);
}
