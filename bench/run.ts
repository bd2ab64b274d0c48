/**
 * `npm run bench [-- --only name[,name]] [--list] [--keep-data] [--no-build]`
 * Runs every benchmark against a local server it starts itself, prints a table and writes
 * bench/results/latest.json, latest.md and latest-environment.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchmarks } from './benchmarks/index.ts';
import { closeAllBrowsers } from './lib/browser.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { stopAllChildren } from './lib/processes.ts';
import { consoleReport, writeReports, type RunSummary } from './lib/report.ts';
import type { BenchFailure, BenchResult } from './lib/types.ts';

/** A benchmark that runs longer than this is abandoned, so the whole run stays bounded. */
const BENCHMARK_TIMEOUT_MS = 5 * 60_000;

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    list: { type: 'boolean', default: false },
    'keep-data': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const benchmark of benchmarks) console.log(`${benchmark.name.padEnd(14)} ${benchmark.title}`);
  process.exit(0);
}

const only = values.only?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean) ?? null;
const unknown = only?.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name)) ?? [];
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = only ? benchmarks.filter((benchmark) => only.includes(benchmark.name)) : benchmarks;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The renderer is measured as shipped: a production build of the current sources. */
function buildRenderer(): void {
  console.log('▶ building the app (electron-vite build) so the renderer measured is the current one');
  const started = performance.now();
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) {
    console.error(`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-30).join('\n'));
    console.error('The build failed: the renderer benchmarks cannot run. (--no-build measures the existing out/renderer.)');
    process.exit(1);
  }
  console.log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Taken before the build: what else was running on the machine, not the bench's own work.
const loadAtStart = loadAverage();
if (!values['no-build'] && selected.some((benchmark) => benchmark.usesRenderer)) buildRenderer();

// A benchmark abandoned at its timeout keeps running until its browser and children are gone, and its
// last awaits then reject: that must not take the whole run (and its report) down.
process.on('unhandledRejection', (reason) => {
  console.log(`  (ignored, from an abandoned benchmark) ${reason instanceof Error ? reason.message : String(reason)}`);
});

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'tiledesk-bench-'));
const startedAt = new Date();
const results: BenchResult[] = [];
const failures: BenchFailure[] = [];
const loadBefore: Record<string, number> = {};
const runStart = performance.now();

for (const benchmark of selected) {
  const benchStart = performance.now();
  loadBefore[benchmark.name] = loadAverage()[0] ?? 0;
  console.log(`▶ ${benchmark.name}: ${benchmark.title} (load ${loadBefore[benchmark.name]})`);
  const context = {
    tempDir: path.join(tempDir, benchmark.name),
    rootDir,
    log: (message: string) => console.log(`  ${message}`),
  };
  try {
    const rows = await withTimeout(benchmark.run(context), BENCHMARK_TIMEOUT_MS, benchmark.name);
    results.push(...rows);
    for (const row of rows) console.log(`  ${row.checks.length === 0 ? 'info' : row.pass ? 'pass' : 'MISS'} ${row.name}`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push({ name: benchmark.name, title: benchmark.title, error: message.split('\n').slice(0, 4).join(' | ') });
    console.log(`  ERROR ${message}`);
  } finally {
    // Whatever a benchmark started (server, host, browser) must not leak into the next measurement.
    await closeAllBrowsers();
    await stopAllChildren();
  }
  console.log(`  (${((performance.now() - benchStart) / 1000).toFixed(1)} s)`);
}

const summary: RunSummary = {
  startedAt: startedAt.toISOString(),
  durationS: (performance.now() - runStart) / 1000,
  only,
  machine: describeMachine(rootDir),
  load: { start: loadAtStart, end: loadAverage(), beforeEach: loadBefore },
  results,
  failures,
};
const files = writeReports(path.join(rootDir, 'bench/results'), summary);
console.log(`\n${consoleReport(summary)}`);
console.log(`Wrote ${path.relative(rootDir, files.json)} and ${path.relative(rootDir, files.markdown)}.`);
if (values['keep-data']) console.log(`Data kept in ${tempDir}`);
else rmSync(tempDir, { recursive: true, force: true });
// Abandoned (timed-out) benchmarks may still hold sockets or timers: leave now. Missed targets are
// reported, not failures; only a benchmark that could not finish makes the exit code non-zero.
process.exit(failures.length ? 1 : 0);
