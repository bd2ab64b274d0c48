/**
 * `npm test`: every check in order — lint, type-check, build, unit/integration (vitest), e2e (Playwright) —
 * then one closing line "tests: N passed, N failed, N skipped" over both runners, which CI reads.
 * Steps go on after a failure so one run shows every problem; the exit code is non-zero if any failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// Not test-results/: Playwright empties that folder when it starts.
const reportDir = join(import.meta.dirname, '..', '.test-reports');
mkdirSync(reportDir, { recursive: true });
const vitestReport = join(reportDir, 'vitest.json');
const playwrightReport = join(reportDir, 'playwright.json');

const steps: { name: string; command: string[]; env?: Record<string, string>; countsTests?: boolean }[] = [
  { name: 'lint', command: ['npx', 'eslint', '.'] },
  { name: 'type-check', command: ['npx', 'vue-tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'build', command: ['npx', 'electron-vite', 'build'] },
  { name: 'security', command: ['npm', 'run', '--silent', 'security'] },
  { name: 'unit and integration', command: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], countsTests: true },
  { name: 'e2e', command: ['npx', 'playwright', 'test'], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport }, countsTests: true },
];

const only = process.argv.slice(2);
const failedSteps: string[] = [];
/** A failing lint, type-check or build step counts as one failed test in the closing line. */
let failedChecks = 0;
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n=== ${step.name}: ${step.command.join(' ')}`);
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  if (result.status !== 0) {
    failedSteps.push(step.name);
    if (!step.countsTests) failedChecks++;
  }
}

interface Counts { passed: number; failed: number; skipped: number }
const counts: Counts = { passed: 0, failed: 0, skipped: 0 };

if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}
if (existsSync(playwrightReport)) {
  const report = JSON.parse(readFileSync(playwrightReport, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  counts.passed += report.stats.expected + report.stats.flaky;
  counts.failed += report.stats.unexpected;
  counts.skipped += report.stats.skipped;
}

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${counts.passed} passed, ${counts.failed + failedChecks} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length > 0 ? 1 : 0);
