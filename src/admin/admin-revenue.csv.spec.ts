import { csvText, decimal, revenueCsv } from './admin-revenue.service.js';

describe('revenue CSV', () => {
  it('quotes fields with commas, quotes or line breaks, and defuses formulas', () => {
    expect(csvText('plain-shop')).toBe('plain-shop');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('writes amounts as decimals of the currency without floats', () => {
    expect(decimal(1250, 'usd')).toBe('12.50');
    expect(decimal(5, 'eur')).toBe('0.05');
    expect(decimal(-5, 'eur')).toBe('-0.05');
    expect(decimal(1250, 'jpy')).toBe('1250');
    expect(decimal(1234, 'kwd')).toBe('1.234');
  });

  it('has a header row and CRLF rows', () => {
    const csv = revenueCsv([
      {
        month: '2026-01',
        shopId: 'x',
        shopSlug: 'tea',
        shopName: 'Tea',
        currency: 'eur',
        orders: 2,
        grossFees: 550,
        refundedFees: 100,
        netFees: 450,
      },
    ]);
    expect(csv).toBe(
      'month,shop_slug,currency,orders,gross_fees,refunded_fees,net_fees\r\n2026-01,tea,eur,2,5.50,1.00,4.50\r\n',
    );
  });
});
