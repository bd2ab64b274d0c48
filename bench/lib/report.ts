import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine.ts';
import type { BenchFailure, BenchResult } from './types.ts';

export interface RunSummary {
  startedAt: string;
  durationS: number;
  only: string[] | null;
  machine: MachineInfo;
  /** Load averages (1/5/15 min) before the run and at its end; the 1-minute one before each benchmark. */
  load: { start: number[]; end: number[]; beforeEach: Record<string, number> };
  results: BenchResult[];
  failures: BenchFailure[];
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function formatFigures(figures: Record<string, number> | null, unit: string): string {
  if (!figures) return '—';
  const parts = Object.entries(figures).map(([key, value]) => `${key} ${formatNumber(value)}`);
  return `${parts.join(', ')} ${unit}`;
}

function formatRatio(ratio: Record<string, number> | null): string {
  if (!ratio || Object.keys(ratio).length === 0) return '—';
  const preferred = ['p50', 'p99', 'value'].filter((key) => key in ratio);
  const keys = preferred.length ? preferred : Object.keys(ratio).slice(0, 2);
  return keys.map((key) => `${key} ×${formatNumber(ratio[key] as number)}`).join(', ');
}

function misses(results: BenchResult[]): string[] {
  const lines: string[] = [];
  for (const row of results) {
    for (const check of row.checks.filter((c) => !c.pass)) {
      lines.push(`${row.name}: ${check.label} = ${formatNumber(check.value)} ${check.unit}, target ≤ ${formatNumber(check.limit)} ${check.unit}`);
    }
  }
  return lines;
}

function machineLines(summary: RunSummary): string[] {
  const { machine, load } = summary;
  const lines = [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `Versions: Node ${machine.versions.node}; ${machine.versions.chromium}; electron package ${machine.versions.electronPackage}; app ${machine.versions.app}`,
    `Load average (1/5/15 min): ${load.start.join(' / ')} before the run, ${load.end.join(' / ')} at its end; 1-min load before each benchmark: ${Object.entries(load.beforeEach).map(([name, value]) => `${name} ${value}`).join(', ')}`,
  ];
  if ((load.start[0] ?? 0) > machine.cores / 2) {
    lines.push('Warning: other processes were busy on this machine when the run started; the figures are pessimistic.');
  }
  return lines;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Plain-text table for the terminal: one line per figure, failures and misses listed below it. */
export function consoleReport(summary: RunSummary): string {
  const header = ['result', 'figure', 'measured', 'floor', 'ratio', 'target'];
  const rows = summary.results.map((row) => [
    row.checks.length === 0 ? 'info' : row.pass ? 'PASS' : 'MISS',
    row.name,
    formatFigures(row.figures, row.unit),
    formatFigures(row.floor, row.unit),
    formatRatio(row.ratio),
    row.target,
  ]);
  for (const failure of summary.failures) rows.push(['ERROR', failure.name, failure.error.split('\n')[0] ?? '', '', '', '']);
  const widths = header.map((_, column) => Math.min(70, Math.max(...[header, ...rows].map((cells) => (cells[column] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column] as number)).join('  ');
  const out = [...machineLines(summary), '', line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
  const missed = misses(summary.results);
  if (missed.length) out.push('', 'Missed targets:', ...missed.map((miss) => `  - ${miss}`));
  if (summary.failures.length) out.push('', 'Benchmarks that did not complete:', ...summary.failures.map((f) => `  - ${f.name}: ${f.error}`));
  out.push('', `Finished in ${summary.durationS.toFixed(0)} s.`);
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function markdownReport(summary: RunSummary): string {
  const out = [
    '# Benchmark results',
    '',
    `Run ${summary.startedAt}, ${summary.durationS.toFixed(0)} s${summary.only ? ` (only: ${summary.only.join(', ')})` : ''}.`,
    '',
    ...machineLines(summary).map((text) => `- ${text}`),
    '',
    '| result | figure | what | measured | floor | ratio | target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of summary.results) {
    const verdict = row.checks.length === 0 ? 'info' : row.pass ? 'pass' : '**MISS**';
    out.push(
      `| ${verdict} | \`${row.name}\` | ${escapeCell(row.title)} | ${escapeCell(formatFigures(row.figures, row.unit))} | ${escapeCell(formatFigures(row.floor, row.unit))}${row.floorLabel ? ` (${escapeCell(row.floorLabel)})` : ''} | ${escapeCell(formatRatio(row.ratio))} | ${escapeCell(row.target)} |`,
    );
  }
  for (const failure of summary.failures) out.push(`| **ERROR** | \`${failure.name}\` | ${escapeCell(failure.title)} | ${escapeCell(failure.error)} | | | |`);
  const missed = misses(summary.results);
  out.push('', '## Missed targets', '', ...(missed.length ? missed.map((miss) => `- ${miss}`) : ['None.']));
  if (summary.failures.length) out.push('', '## Benchmarks that did not complete', '', ...summary.failures.map((f) => `- \`${f.name}\`: ${escapeCell(f.error)}`));
  out.push('', '## Notes', '');
  for (const row of summary.results) {
    if (row.notes.length === 0) continue;
    out.push(`### \`${row.name}\``, '', ...row.notes.map((note) => `- ${note}`), '');
  }
  return out.join('\n');
}

/** latest.json is an array with one object per figure; a benchmark that failed appears with its error. */
export function writeReports(resultsDir: string, summary: RunSummary): { json: string; markdown: string } {
  mkdirSync(resultsDir, { recursive: true });
  const json = path.join(resultsDir, 'latest.json');
  const markdown = path.join(resultsDir, 'latest.md');
  const rows = [
    ...summary.results.map((row) => ({ ...row, status: 'measured' as const })),
    ...summary.failures.map((failure) => ({ ...failure, status: 'error' as const, pass: false })),
  ];
  writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(markdown, `${markdownReport(summary)}\n`);
  writeFileSync(
    path.join(resultsDir, 'latest-environment.json'),
    `${JSON.stringify({ startedAt: summary.startedAt, durationS: summary.durationS, only: summary.only, machine: summary.machine, load: summary.load }, null, 2)}\n`,
  );
  return { json, markdown };
}
