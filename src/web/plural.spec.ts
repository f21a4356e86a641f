import { countOf } from './plural.js';

describe('countOf', () => {
  it('says "1 order", never "1 orders"', () => {
    expect(countOf(1, 'order')).toBe('1 order');
  });

  it('uses the plural for 0 and for more than one, with thousands separators', () => {
    expect(countOf(0, 'order')).toBe('0 orders');
    expect(countOf(2, 'order')).toBe('2 orders');
    expect(countOf(1200, 'order')).toBe('1,200 orders');
  });

  it('takes an irregular plural', () => {
    expect(countOf(3, 'child', 'children')).toBe('3 children');
    expect(countOf(1, 'child', 'children')).toBe('1 child');
  });
});
