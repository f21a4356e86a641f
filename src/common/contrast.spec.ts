import { AA_TEXT, contrastRatio, readableOn, relativeLuminance, textOn } from './contrast.js';

describe('relativeLuminance', () => {
  it.each([
    ['#000000', 0],
    ['#ffffff', 1],
    ['#FFFFFF', 1],
    ['#808080', 0.2158605],
    ['#ff0000', 0.2126],
    ['#00ff00', 0.7152],
    ['#0000ff', 0.0722],
  ])('%s → %f', (hex, expected) => {
    expect(relativeLuminance(hex)).toBeCloseTo(expected, 5);
  });

  it('refuses anything but #rrggbb', () => {
    expect(() => relativeLuminance('#fff')).toThrow(RangeError);
    expect(() => relativeLuminance('red')).toThrow(RangeError);
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#3b5bdb', '#3b5bdb')).toBe(1);
  });

  it('matches published values', () => {
    // WebAIM's checker: #777777 on white is 4.48:1, #767676 is 4.54:1.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('textOn', () => {
  it.each([
    ['#ffffff', '#000000'],
    ['#000000', '#ffffff'],
    ['#ffd43b', '#000000'], // yellow
    ['#1d2330', '#ffffff'], // navy
    ['#3b5bdb', '#ffffff'],
    ['#ff0000', '#000000'], // red: 5.25 with black, 4.0 with white
    ['#00ff00', '#000000'],
  ])('on %s → %s', (background, text) => {
    expect(textOn(background)).toBe(text);
  });

  it('always gives at least 4.5:1', () => {
    for (let v = 0; v < 256; v += 5) {
      for (const hex of [`#${hex2(v)}${hex2(v)}${hex2(v)}`, `#${hex2(v)}${hex2(255 - v)}80`]) {
        expect(contrastRatio(textOn(hex), hex)).toBeGreaterThanOrEqual(AA_TEXT);
      }
    }
  });
});

describe('readableOn', () => {
  const page = ['#ffffff', '#f7f8fa'];

  it('keeps a colour that already reads (lower-cased)', () => {
    expect(readableOn('#1D2330', page)).toBe('#1d2330');
    expect(readableOn('#3b5bdb', page)).toBe('#3b5bdb');
  });

  it('darkens a light colour on a light page just enough', () => {
    const yellow = readableOn('#ffd43b', page);
    expect(yellow).not.toBe('#ffd43b');
    for (const bg of page) expect(contrastRatio(yellow, bg)).toBeGreaterThanOrEqual(AA_TEXT);
    // Just enough: not black, and still a yellow-brown (red ≥ green > blue).
    expect(contrastRatio(yellow, '#ffffff')).toBeLessThan(5);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(yellow.slice(i, i + 2), 16));
    expect(r).toBeGreaterThanOrEqual(g);
    expect(g).toBeGreaterThan(b);
  });

  it('lightens a dark colour on a dark background', () => {
    const navy = readableOn('#1d2330', ['#000000']);
    expect(contrastRatio(navy, '#000000')).toBeGreaterThanOrEqual(AA_TEXT);
    expect(relativeLuminance(navy)).toBeGreaterThan(relativeLuminance('#1d2330'));
  });

  it('reaches 4.5:1 on the storefront page for every colour of a sweep', () => {
    for (let r = 0; r < 256; r += 51) {
      for (let g = 0; g < 256; g += 51) {
        for (let b = 0; b < 256; b += 51) {
          const out = readableOn(`#${hex2(r)}${hex2(g)}${hex2(b)}`, page);
          for (const bg of page) expect(contrastRatio(out, bg)).toBeGreaterThanOrEqual(AA_TEXT);
        }
      }
    }
  });
});

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
