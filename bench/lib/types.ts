/** What every benchmark hands back to the harness: one row of the report per measured figure. */

/** Summary statistics of one set of timings (or sizes), in the row's unit. */
export interface Distribution {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** One target a figure must meet, e.g. "p99 − floor p99 ≤ 60 ms". */
export interface Check {
  label: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
}

export interface BenchResult {
  /** Stable id: `<benchmark>.<figure>`, e.g. `realtime.delivery`. */
  name: string;
  /** What was measured, in words a reader of the report understands. */
  title: string;
  unit: string;
  /** The product's figures. */
  figures: Record<string, number>;
  /** The same figures for the physical floor, measured in the same run (null where no floor applies). */
  floor: Record<string, number> | null;
  floorLabel: string | null;
  /** figure / floor for every key both have. */
  ratio: Record<string, number> | null;
  /** The target in words, as the brief states it. */
  target: string;
  checks: Check[];
  pass: boolean;
  /** Anything the reader needs to interpret the figure: sample counts, data sizes, what was slow. */
  notes: string[];
}

/** A benchmark that could not produce its figures (a piece missing, a crash, a timeout). */
export interface BenchFailure {
  name: string;
  title: string;
  error: string;
}

export interface BenchContext {
  /** Root folder for temp data; each benchmark makes its own sub-folder. */
  tempDir: string;
  /** Repository root. */
  rootDir: string;
  log(message: string): void;
}

export interface Benchmark {
  /** Short name used with `--only`. */
  name: string;
  title: string;
  /** Drives the built renderer in Chromium: the harness builds it once before the first such benchmark. */
  usesRenderer: boolean;
  run(context: BenchContext): Promise<BenchResult[]>;
}
