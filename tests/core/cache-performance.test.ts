/**
 * The cache's performance targets at the size of a busy account: 100,000 cached messages.
 * (`npm run bench` measures the same against a bare node:sqlite floor; this keeps the targets in the unit suite.)
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/main/core/cache/cache-store.ts';
import { openCacheStore } from '../../src/main/core/cache/sqlite-cache.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';

const CONVERSATIONS = 1_000;
const MESSAGES = 100_000;
const WORDS = ['invoice', 'refund', 'password', 'delivery', 'account', 'order', 'shipping', 'payment', 'login', 'error', 'thanks', 'problem'];
const silentLogger = { info() {}, warn() {}, error() {} };

let dir: string;
let file: string;
let cache: CacheStore;

function percentile(sortedTimings: number[], fraction: number): number {
  return sortedTimings[Math.min(sortedTimings.length - 1, Math.floor(sortedTimings.length * fraction))] as number;
}

function textFor(n: number): string {
  return `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} message ${n} from the visitor, with a few more words`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-perf-'));
  file = join(dir, 'cache.sqlite');
  cache = openCacheStore(file, silentLogger);
  cache.upsertConversations(Array.from({ length: CONVERSATIONS }, (_, i) => makeConversation({ id: `c${i}` })));
  for (let batch = 0; batch < MESSAGES; batch += 1_000) {
    cache.upsertMessages(
      Array.from({ length: 1_000 }, (_, i) => {
        const n = batch + i;
        return makeMessage({ id: `m${n}`, conversationId: `c${n % CONVERSATIONS}`, sortKey: 1_700_000_000_000 + n, text: textFor(n) });
      }),
    );
  }
}, 120_000);

afterAll(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`a cache holding ${MESSAGES.toLocaleString('en-US')} messages`, () => {
  it('appends one message in under 1 ms (median) and 5 ms (p99), and keeps its WAL bounded', async () => {
    const wallTimings: number[] = [];
    const cpuTimings: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const message = makeMessage({ id: `live${i}`, conversationId: `c${(i * 7) % CONVERSATIONS}`, sortKey: 1_800_000_000_000 + i, text: textFor(i) });
      const cpuStart = process.threadCpuUsage();
      const start = performance.now();
      const added = cache.upsertMessages([message]);
      wallTimings.push(performance.now() - start);
      const cpu = process.threadCpuUsage(cpuStart);
      cpuTimings.push((cpu.user + cpu.system) / 1000);
      expect(added).toHaveLength(1);
      // As in the app, other work (and the deferred WAL checkpoint) runs between two incoming messages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    wallTimings.sort((a, b) => a - b);
    cpuTimings.sort((a, b) => a - b);
    expect(percentile(wallTimings, 0.5)).toBeLessThan(1);
    // The tail is taken on this thread's CPU time: the suite shares two cores with parallel workers, whose
    // time slices would otherwise land in the figure. `npm run bench` reports the wall-clock p99.
    expect(percentile(cpuTimings, 0.99)).toBeLessThan(5);
    const wal = `${file}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBeLessThan(8 * 1024 * 1024);
  });

  it('answers a search in under 50 ms, common words, prefixes and misses alike', () => {
    for (const query of ['invoice', 'refund password', 'inv', 'message 4242', 'nothingmatches', 'shipping problem thanks']) {
      const timings: number[] = [];
      for (let run = 0; run < 10; run++) {
        const start = performance.now();
        cache.search(query, 50);
        timings.push(performance.now() - start);
      }
      expect(Math.max(...timings), query).toBeLessThan(50);
    }
    expect(cache.search('invoice', 50)).toHaveLength(50);
  });

  it('opens the newest page of a conversation in under 5 ms', () => {
    const start = performance.now();
    const page = cache.listMessages('c42', { limit: 50 });
    expect(performance.now() - start).toBeLessThan(5);
    expect(page.messages).toHaveLength(50);
    expect(page.hasOlder).toBe(true);
  });
});
