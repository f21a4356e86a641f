import { monthsBetween, revenueChart } from './revenue-chart.js';

describe('revenue chart', () => {
  it('fills the months between the first and the last, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('draws one bar per month, zero for empty months, the tallest at full height', () => {
    const chart = revenueChart(
      [
        { month: '2026-01', net: 1000 },
        { month: '2026-03', net: 500 },
        { month: '2026-01', net: 1000 },
      ],
      'eur',
      'en',
    );
    expect(chart.bars.map((b) => b.height)).toEqual([140, 0, 35]);
    expect(chart.bars[0].y).toBe(10);
    expect(chart.totalNet).toBe(2500);
    expect(chart.totalNetText).toBe('€25.00');
    expect(chart.bars[1].title).toBe('2026-02: €0.00 net fees');
    expect(chart.ticks.map((t) => t.label)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('writes its texts and amounts in the admin’s language', () => {
    const chart = revenueChart([{ month: '2026-01', net: 2450 }], 'eur', 'fr');
    const euros = new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(24.5);
    expect(chart.totalNetText).toBe(euros);
    expect(chart.bars[0].title).toBe(`2026-01 : ${euros} de commissions nettes`);
  });

  it('has no bars without data', () => {
    expect(revenueChart([], 'usd', 'en').bars).toEqual([]);
  });
});
