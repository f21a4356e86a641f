import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';
import { formatDayLabel } from '../common/dates.js';
import { intlLocale } from '../common/intl-locale.js';

export interface DailySales {
  /** `YYYY-MM-DD`, a calendar day in the shop's time zone. */
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
  /** "1 order", "12 orders". */
  totalOrdersText: string;
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
  /**
   * Day labels under every 7th bar counted back from today, so today always has one and no two
   * are closer than a week. Each stays inside the chart: the ones that would spill over an edge
   * are anchored to it (`anchor` is the SVG text-anchor).
   */
  ticks: Array<{ x: number; label: string; anchor: 'start' | 'middle' | 'end' }>;
  tickFontSize: number;
}

const WIDTH = 620;
const HEIGHT = 180;
const PLOT_TOP = 10;
const PLOT_BOTTOM = 150;
const TICK_FONT_SIZE = 13;
/** A generous estimate of a label's width in the chart's units (no text metrics on the server). */
export const tickLabelWidth = (label: string) => Math.ceil(label.length * TICK_FONT_SIZE * 0.62);

/**
 * The last `days` days ending `today` (the shop's calendar day, as midnight UTC), oldest first,
 * with zeros for days without sales.
 */
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
export function salesChart(days: DailySales[], currency: string, lang: string): SalesChart {
  const money = (amount: number) => formatMoney(amount, currency, intlLocale(lang));
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
      title: t(lang, 'dashboard.chart.bar', {
        day: formatDayLabel(d.day, lang),
        sales: money(d.sales),
        fees: money(d.fees),
        orders: t(lang, 'count.orders', { count: d.orders }),
      }),
    };
  });
  const last = days.length - 1;
  const ticks = days
    .map((d, i) => ({ i, d }))
    .filter(({ i }) => (last - i) % 7 === 0)
    .map(({ i, d }) => {
      const label = formatDayLabel(d.day, lang);
      const centre = Math.round(i * slot + slot / 2);
      const half = tickLabelWidth(label) / 2;
      if (centre - half < 0) return { x: 0, label, anchor: 'start' as const };
      if (centre + half > WIDTH) return { x: WIDTH, label, anchor: 'end' as const };
      return { x: centre, label, anchor: 'middle' as const };
    });
  const totalSales = days.reduce((s, d) => s + d.sales, 0);
  const totalFees = days.reduce((s, d) => s + d.fees, 0);
  const totalOrders = days.reduce((s, d) => s + d.orders, 0);
  return {
    currency,
    width: WIDTH,
    height: HEIGHT,
    totalSales,
    totalFees,
    totalOrders,
    totalOrdersText: t(lang, 'count.orders', { count: totalOrders }),
    totalSalesText: money(totalSales),
    totalFeesText: money(totalFees),
    maxText: money(max === 1 && totalSales === 0 ? 0 : max),
    bars,
    ticks,
    tickFontSize: TICK_FONT_SIZE,
  };
}
