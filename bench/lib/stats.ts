import type { BenchResult, Check, Distribution } from './types.ts';

/** Linear-interpolated percentile (the "R-7" definition spreadsheets use) of ascending-sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** The timing figures of a distribution, without the count (which goes into the notes). */
export function timingFigures(dist: Distribution): Record<string, number> {
  return { p50: dist.p50, p95: dist.p95, p99: dist.p99, max: dist.max, mean: dist.mean };
}

export function atMost(label: string, value: number, limit: number, unit: string): Check {
  return { label, value, limit, unit, pass: Number.isFinite(value) && value <= limit };
}

export function ratios(figures: Record<string, number>, floor: Record<string, number> | null): Record<string, number> | null {
  if (!floor) return null;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(figures)) {
    const base = floor[key];
    if (base !== undefined && base > 0) out[key] = value / base;
  }
  return out;
}

/** Builds a report row; pass = every check passed (a row without checks only reports). */
export function result(row: Omit<BenchResult, 'ratio' | 'pass'>): BenchResult {
  return { ...row, ratio: ratios(row.figures, row.floor), pass: row.checks.every((check) => check.pass) };
}

/** Milliseconds since an arbitrary origin, sub-millisecond, on the same clock as a page's timeOrigin + now(). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
