/**
 * WCAG 2 contrast for the shop's brand colour (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio):
 * relative luminance of sRGB colours, the ratio between two, the text colour (black or white)
 * to put on a colour, and a colour darkened or lightened until it reads as text on a background.
 * Colours are `#rrggbb` (the only form the settings accept).
 */

/** WCAG AA for normal text. */
export const AA_TEXT = 4.5;

type Rgb = [number, number, number];

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

function parse(hex: string): Rgb {
  const m = HEX.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

function format([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parse(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21, whichever order they come in. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with `background` (ties go to white). */
export function textOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio('#000000', background) > contrastRatio('#ffffff', background) ? '#000000' : '#ffffff';
}

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => from[i] + (to[i] - from[i]) * t) as Rgb;
}

/**
 * `colour` itself when it already reaches `min` against every one of `backgrounds`; else the
 * least change towards black or towards white (whichever needs less) that does. One of the two
 * always reaches 4.5:1: black or white contrasts at least √21 ≈ 4.58:1 with any colour.
 */
export function readableOn(colour: string, backgrounds: readonly string[], min = AA_TEXT): string {
  const ok = (hex: string) => backgrounds.every((bg) => contrastRatio(hex, bg) >= min);
  const normalised = format(parse(colour));
  if (ok(normalised)) return normalised;
  const base = parse(colour);
  const candidates: Array<{ hex: string; t: number }> = [];
  for (const target of [
    [0, 0, 0],
    [255, 255, 255],
  ] as Rgb[]) {
    if (!ok(format(target))) continue;
    // Binary search for the smallest mix that reaches `min` (rounding may need one more step).
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 20; i++) {
      const mid = (lo + hi) / 2;
      if (ok(format(mix(base, target, mid)))) hi = mid;
      else lo = mid;
    }
    candidates.push({ hex: format(mix(base, target, hi)), t: hi });
  }
  candidates.sort((a, b) => a.t - b.t);
  // No candidate: backgrounds too far apart for any colour (never with the storefront's light ones).
  return candidates[0]?.hex ?? textOn(backgrounds[0]);
}
