import { formatMoney } from '../web/money.js';

export interface DailySales {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  sales: number;
  fees: number;
  orders: number;
}

export interface SalesChart {
  currency: string;
  width: number;
  height: number;
  totalSales: number;
  totalFees: number;
  totalOrders: number;
  totalSalesText: string;
  totalFeesText: string;
  maxText: string;
  bars: Array<{
    x: number;
    salesY: number;
    salesHeight: number;
    feesY: number;
    feesHeight: number;
    width: number;
    label: string;
    title: string;
  }>;
  /** Day labels under some bars (first, every 7th, last). */
  ticks: Array<{ x: number; label: string }>;
}

const WIDTH = 620;
const HEIGHT = 180;
const PLOT_TOP = 10;
const PLOT_BOTTOM = 150;

/** The last `days` days ending today (UTC), oldest first, with zeros for days without sales. */
export function fillDays(rows: DailySales[], today: Date, days = 30): DailySales[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DailySales[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const day = d.toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, sales: 0, fees: 0, orders: 0 });
  }
  return out;
}

/**
 * Geometry of the server-rendered bar chart: numbers and plain-text labels only, which the
 * template writes into an <svg> with {{ }} (escaped), so no script and no inline style.
 */
export function salesChart(days: DailySales[], currency: string): SalesChart {
  const max = Math.max(1, ...days.map((d) => d.sales));
  const slot = WIDTH / days.length;
  const barWidth = Math.max(2, Math.floor(slot * 0.7));
  const scale = (v: number) => Math.round(((PLOT_BOTTOM - PLOT_TOP) * v) / max);
  const bars = days.map((d, i) => {
    const salesHeight = scale(d.sales);
    const feesHeight = Math.min(salesHeight, scale(d.fees));
    const x = Math.round(i * slot + (slot - barWidth) / 2);
    return {
      x,
      width: barWidth,
      salesY: PLOT_BOTTOM - salesHeight,
      salesHeight,
      feesY: PLOT_BOTTOM - feesHeight,
      feesHeight,
      label: d.day,
      title: `${d.day}: ${formatMoney(d.sales, currency)} sales, ${formatMoney(d.fees, currency)} fees, ${d.orders} orders`,
    };
  });
  const ticks = days
    .map((d, i) => ({ i, d }))
    .filter(({ i }) => i === 0 || i === days.length - 1 || i % 7 === 0)
    .map(({ i, d }) => ({ x: Math.round(i * slot + slot / 2), label: d.day.slice(5) }));
  const totalSales = days.reduce((s, d) => s + d.sales, 0);
  const totalFees = days.reduce((s, d) => s + d.fees, 0);
  return {
    currency,
    width: WIDTH,
    height: HEIGHT,
    totalSales,
    totalFees,
    totalOrders: days.reduce((s, d) => s + d.orders, 0),
    totalSalesText: formatMoney(totalSales, currency),
    totalFeesText: formatMoney(totalFees, currency),
    maxText: formatMoney(max === 1 && totalSales === 0 ? 0 : max, currency),
    bars,
    ticks,
  };
}
