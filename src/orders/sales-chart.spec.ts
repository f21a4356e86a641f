import { fillDays, salesChart, tickLabelWidth } from './sales-chart.js';

describe('sales chart', () => {
  const today = new Date('2026-03-30T15:00:00Z');

  it('fills 30 days ending today with zeros where nothing sold', () => {
    const days = fillDays([{ day: '2026-03-29', sales: 500, fees: 50, orders: 1 }], today);
    expect(days).toHaveLength(30);
    expect(days[0].day).toBe('2026-03-01');
    expect(days[29]).toEqual({ day: '2026-03-30', sales: 0, fees: 0, orders: 0 });
    expect(days[28].sales).toBe(500);
  });

  it('scales bars to the best day and totals every day', () => {
    const days = fillDays(
      [
        { day: '2026-03-10', sales: 1000, fees: 100, orders: 2 },
        { day: '2026-03-20', sales: 500, fees: 25, orders: 1 },
      ],
      today,
    );
    const chart = salesChart(days, 'eur', 'en');
    expect(chart.totalSales).toBe(1500);
    expect(chart.totalFees).toBe(125);
    expect(chart.totalSalesText).toBe('€15.00');
    const best = chart.bars.find((b) => b.label === '2026-03-10')!;
    const half = chart.bars.find((b) => b.label === '2026-03-20')!;
    expect(best.salesHeight).toBe(140);
    expect(half.salesHeight).toBe(70);
    expect(best.salesY + best.salesHeight).toBe(150);
    expect(best.feesHeight).toBe(14);
    expect(chart.bars.filter((b) => b.salesHeight === 0)).toHaveLength(28);
  });

  it('zero-decimal currencies', () => {
    const chart = salesChart(
      fillDays([{ day: '2026-03-30', sales: 1200, fees: 90, orders: 1 }], today),
      'jpy',
      'en',
    );
    expect(chart.totalSalesText).toBe('¥1,200');
  });

  it('day labels stay inside the chart and never overlap', () => {
    for (const [length, lang] of [30, 29, 28, 7, 1].flatMap((l) => [
      [l, 'en'] as const,
      [l, 'fr'] as const,
    ])) {
      const chart = salesChart(fillDays([], today, length), 'eur', lang);
      const boxes = chart.ticks.map((t) => {
        const w = tickLabelWidth(t.label);
        const left = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - w : t.x - w / 2;
        return { left, right: left + w };
      });
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(chart.width);
      }
      for (let i = 1; i < boxes.length; i++) expect(boxes[i].left).toBeGreaterThan(boxes[i - 1].right + 4);
    }
  });

  it('labels today, and reads as a date in the page\'s language ("Mar 30", "30 mars")', () => {
    const chart = salesChart(fillDays([], today), 'eur', 'en');
    expect(chart.ticks.at(-1)!.label).toBe('Mar 30');
    expect(chart.ticks.map((t) => t.label)).toEqual(['Mar 2', 'Mar 9', 'Mar 16', 'Mar 23', 'Mar 30']);
    const french = salesChart(
      fillDays([{ day: '2026-03-30', sales: 2450, fees: 90, orders: 1 }], today),
      'eur',
      'fr',
    );
    expect(french.ticks.at(-1)!.label).toBe('30 mars');
    expect(french.totalSalesText).toBe(
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(24.5),
    );
    expect(french.totalOrdersText).toBe('1 commande');
  });

  it('counts orders in words: "1 order", "2 orders"', () => {
    const one = salesChart(
      fillDays([{ day: '2026-03-29', sales: 500, fees: 50, orders: 1 }], today),
      'eur',
      'en',
    );
    expect(one.totalOrdersText).toBe('1 order');
    expect(one.bars[28].title).toContain('1 order');
    expect(one.bars[28].title).not.toContain('1 orders');
    const two = salesChart(
      fillDays([{ day: '2026-03-29', sales: 500, fees: 50, orders: 2 }], today),
      'eur',
      'en',
    );
    expect(two.totalOrdersText).toBe('2 orders');
  });

  it('speaks French to a French merchant: money, counts, day labels and bar titles', () => {
    const chart = salesChart(
      fillDays([{ day: '2026-03-29', sales: 1500, fees: 125, orders: 2 }], today),
      'eur',
      'fr',
    );
    const euros = (amount: number) =>
      new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(amount);
    expect(chart.totalSalesText).toBe(euros(15));
    expect(chart.totalOrdersText).toBe('2 commandes');
    expect(chart.ticks.at(-1)!.label).toBe('30 mars');
    expect(chart.bars[28].title).toBe(
      `29 mars : ${euros(15)} de ventes, ${euros(1.25)} de commissions, 2 commandes`,
    );
  });
});
