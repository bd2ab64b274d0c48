/**
 * `npm run security`: Electronegativity over src/, offline and deterministic. Fails when a finding above
 * INFORMATIONAL is not justified in .electronegativity.json (excluded checks and accepted findings,
 * each with its reason).
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

interface Config {
  input: string;
  excludedChecks: Record<string, string>;
  acceptedFindings: { check: string; file: string; reason: string }[];
}
interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { value: number; name: string };
  confidence: { name: string };
  description: string;
  manualReview: boolean;
}

const root = resolve(import.meta.dirname, '..');
const config = JSON.parse(readFileSync(resolve(root, '.electronegativity.json'), 'utf8')) as Config;
const require = createRequire(import.meta.url);
const electronegativityDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));

// Electronegativity fetches translations over HTTP at start, and its HTTP client crashes the process on a
// retry when offline. A stand-in that fails at once makes it use its bundled English texts.
const gotPath = createRequire(resolve(electronegativityDir, 'package.json')).resolve('got');
const offlineGot = new Module(gotPath);
offlineGot.exports = Object.assign(() => Promise.reject(new Error('offline scan')), { head: () => Promise.reject(new Error('offline scan')) });
offlineGot.loaded = true;
require.cache[gotPath] = offlineGot;

const run = require('@doyensec/electronegativity') as (options: Record<string, unknown>) => Promise<{ issues: Issue[] }>;
const electronVersion = (require('electron/package.json') as { version: string }).version;

const { issues } = await run({
  input: resolve(root, config.input),
  isRelative: true,
  excludeFromScan: Object.keys(config.excludedChecks),
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});

const accepted = (issue: Issue) => config.acceptedFindings.find((entry) => entry.check === issue.id && entry.file === issue.file);
const relevant = issues.filter((issue) => issue.severity.value > 0);
const unjustified = relevant.filter((issue) => !accepted(issue));
const describe = (issue: Issue) =>
  `${issue.severity.name}/${issue.confidence.name} ${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column}${issue.manualReview ? ' (review required)' : ''}`;

for (const [check, reason] of Object.entries(config.excludedChecks)) console.log(`excluded ${check}: ${reason}`);
for (const issue of relevant.filter(accepted)) console.log(`accepted ${describe(issue)}: ${accepted(issue)?.reason}`);
for (const entry of config.acceptedFindings) {
  if (!relevant.some((issue) => accepted(issue) === entry)) console.warn(`stale justification (no such finding any more): ${entry.check} ${entry.file}`);
}
console.log(`electronegativity (Electron ${electronVersion}): ${issues.length} finding(s), ${issues.length - relevant.length} informational, ${relevant.length - unjustified.length} justified, ${unjustified.length} unjustified`);
if (unjustified.length > 0) {
  for (const issue of unjustified) console.error(`UNJUSTIFIED ${describe(issue)}\n  ${issue.description}`);
  process.exit(1);
}
