import { readdirSync } from 'node:fs';
import path from 'node:path';
import { openCacheStore } from '../../src/main/core/cache/sqlite-cache.ts';
import type { CacheStore } from '../../src/main/core/cache/cache-store.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

/** The core keeps one SQLite cache per account under the host's data dir; returns their paths. */
export function findCacheFiles(hostDataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(sqlite|sqlite3|db)$/.test(entry.name)) found.push(full);
    }
  };
  walk(hostDataDir);
  return found;
}

/** Opens the only account cache the host made (the host must be stopped, or at least idle). */
export function openHostCache(hostDataDir: string): CacheStore {
  const files = findCacheFiles(hostDataDir);
  if (files.length !== 1) throw new Error(`expected one cache database under ${hostDataDir}, found ${files.length}: ${files.join(', ')}`);
  return openCacheStore(files[0] as string, silentLogger);
}
