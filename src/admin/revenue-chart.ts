import { t } from '../common/i18n.js';
import { intlLocale } from '../common/intl-locale.js';
import { formatMoney } from '../common/money.js';

export interface MonthlyNet {
  /** `YYYY-MM`, UTC. */
  month: string;
  net: number;
}

export interface RevenueChart {
  currency: string;
  width: number;
  height: number;
  baseline: number;
  totalNet: number;
  totalNetText: string;
  maxText: string;
  bars: Array<{ x: number; y: number; width: number; height: number; title: string }>;
  ticks: Array<{ x: number; label: string }>;
}

const WIDTH = 620;
const HEIGHT = 180;
const PLOT_TOP = 10;
const PLOT_BOTTOM = 150;

/** Every month from `first` to `last` (`YYYY-MM`), oldest first. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 600) break; // 50 years: a bad filter must not build an endless chart
  }
  return out;
}

/**
 * Geometry of the net-fees-by-month bar chart of ONE currency, the same approach as the
 * dashboard's sales chart: numbers and plain-text labels only, written by the template into an
 * <svg> with {{ }} (escaped), so no script and no inline style. Months without fees are zero
 * bars, so the time axis stays regular.
 */
export function revenueChart(points: MonthlyNet[], currency: string, lang: string): RevenueChart {
  const byMonth = new Map<string, number>();
  for (const p of points) byMonth.set(p.month, (byMonth.get(p.month) ?? 0) + p.net);
  const sorted = [...byMonth.keys()].sort();
  const months = sorted.length ? monthsBetween(sorted[0], sorted[sorted.length - 1]) : [];
  const values = months.map((month) => ({ month, net: byMonth.get(month) ?? 0 }));
  const max = Math.max(1, ...values.map((v) => v.net));
  const slot = WIDTH / Math.max(1, values.length);
  const barWidth = Math.max(2, Math.min(60, Math.floor(slot * 0.7)));
  // A net can only go below zero if a refund returned more fee than was taken: drawn as 0.
  const scale = (v: number) => Math.round(((PLOT_BOTTOM - PLOT_TOP) * Math.max(0, v)) / max);
  const bars = values.map((v, i) => {
    const height = scale(v.net);
    return {
      x: Math.round(i * slot + (slot - barWidth) / 2),
      y: PLOT_BOTTOM - height,
      width: barWidth,
      height,
      title: t(lang, 'admin.revenue.chart.bar', {
        month: v.month,
        amount: formatMoney(v.net, currency, intlLocale(lang)),
      }),
    };
  });
  const every = Math.max(1, Math.ceil(values.length / 12));
  const ticks = values
    .map((v, i) => ({ i, v }))
    .filter(({ i }) => i % every === 0 || i === values.length - 1)
    .map(({ i, v }) => ({ x: Math.round(i * slot + slot / 2), label: v.month }));
  const totalNet = values.reduce((s, v) => s + v.net, 0);
  return {
    currency,
    width: WIDTH,
    height: HEIGHT,
    baseline: PLOT_BOTTOM,
    totalNet,
    totalNetText: formatMoney(totalNet, currency, intlLocale(lang)),
    maxText: formatMoney(values.length ? Math.max(...values.map((v) => v.net)) : 0, currency, lang),
    bars,
    ticks,
  };
}
