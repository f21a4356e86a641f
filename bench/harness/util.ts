import type { Measure } from './types.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function medianOf(ms: Measure[]): Omit<Measure, 'statuses'> {
  const pick = (f: (m: Measure) => number) => median(ms.map(f));
  return {
    rps: pick((m) => m.rps),
    p50: pick((m) => m.p50),
    p99: pick((m) => m.p99),
    rssMb: pick((m) => m.rssMb),
    qpr: pick((m) => m.qpr),
    requests: pick((m) => m.requests),
    bad: pick((m) => m.bad),
  };
}

export function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
