import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/main/core/cache/cache-store.ts';
import { latestSchemaVersion } from '../../src/main/core/cache/migrations.ts';
import { CLEAN_SHUTDOWN_KEY, openCacheStore } from '../../src/main/core/cache/sqlite-cache.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

let dir: string;
let file: string;
let log: LogLine[];
let logger: Logger;
const opened: CacheStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-recovery-'));
  file = join(dir, 'cache.sqlite');
  log = [];
  logger = {
    info: (message) => log.push({ level: 'info', message }),
    warn: (message) => log.push({ level: 'warn', message }),
    error: (message) => log.push({ level: 'error', message }),
  };
});

afterEach(() => {
  opened.splice(0).forEach((cache) => cache.close());
  rmSync(dir, { recursive: true, force: true });
});

function open(path = file): CacheStore {
  const cache = openCacheStore(path, logger);
  opened.push(cache);
  return cache;
}

function movedAsideFiles(): string[] {
  return readdirSync(dir).filter((name) => /^cache\.sqlite\.corrupt-\d+$/.test(name));
}

/**
 * A cache with enough rows to span many pages, closed so that everything is in the main file. With
 * `crashed`, the clean-shutdown marker is removed afterwards, as if the app had died without closing it.
 */
function writeRealCache({ crashed = false } = {}): void {
  const cache = openCacheStore(file, logger);
  cache.upsertConversations([makeConversation({ id: 'c1' })]);
  cache.upsertMessages(
    Array.from({ length: 2000 }, (_, i) => makeMessage({ id: `m${i}`, conversationId: 'c1', sortKey: i, text: `message number ${i} `.repeat(5) })),
  );
  cache.close();
  if (crashed) {
    const raw = new DatabaseSync(file);
    raw.prepare('DELETE FROM meta WHERE key = ?').run(CLEAN_SHUTDOWN_KEY);
    raw.close();
  }
}

function hasCleanShutdownMarker(): boolean {
  const raw = new DatabaseSync(file, { readOnly: true });
  try {
    return raw.prepare('SELECT 1 FROM meta WHERE key = ?').get(CLEAN_SHUTDOWN_KEY) !== undefined;
  } finally {
    raw.close();
  }
}

function expectUsableFreshCache(cache: CacheStore): void {
  expect(cache.path).toBe(file);
  expect(cache.listOpenConversations()).toEqual([]);
  cache.upsertMessages([makeMessage({ id: 'after', conversationId: 'c9', text: 'works again' })]);
  expect(cache.search('works', 10).map((hit) => hit.messageId)).toEqual(['after']);
}

function expectMovedAsideWith(content: Buffer): void {
  const aside = movedAsideFiles();
  expect(aside).toHaveLength(1);
  expect(readFileSync(join(dir, aside[0]!)).equals(content)).toBe(true);
  expect(log.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([expect.stringContaining(aside[0]!)]);
}

describe('an unusable cache file', () => {
  it('is moved aside, logged and replaced when it holds garbage bytes', () => {
    const garbage = Buffer.from('definitely not SQLite '.repeat(1000));
    writeFileSync(file, garbage);

    const cache = open();

    expectMovedAsideWith(garbage);
    expectUsableFreshCache(cache);
  });

  it('is moved aside when it was truncated', () => {
    writeRealCache();
    const whole = readFileSync(file);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    writeFileSync(file, truncated);

    const cache = open();

    expectMovedAsideWith(truncated);
    expectUsableFreshCache(cache);
  });

  it('is moved aside when a page in the middle is damaged and the last session did not close cleanly', () => {
    // The integrity check runs only after an unclean shutdown (a crash is when a file gets damaged).
    writeRealCache({ crashed: true });
    const damaged = readFileSync(file);
    const pageSize = 4096;
    damaged.fill(0xa5, pageSize * 8, pageSize * 12);
    writeFileSync(file, damaged);

    const cache = open();

    expectMovedAsideWith(damaged);
    expectUsableFreshCache(cache);
  });

  it('is moved aside when it comes from a newer app version', () => {
    writeRealCache();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const future = readFileSync(file);

    const cache = open();

    expectMovedAsideWith(future);
    expectUsableFreshCache(cache);
  });

  it('is moved aside when it is some other SQLite database', () => {
    const db = new DatabaseSync(file);
    db.exec("PRAGMA journal_mode = DELETE; CREATE TABLE meta (something_else INTEGER); INSERT INTO meta VALUES (42);");
    db.close();
    const foreign = readFileSync(file);

    const cache = open();

    expectMovedAsideWith(foreign);
    expectUsableFreshCache(cache);
  });

  it('is moved aside when its version number matches but its tables do not', () => {
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA journal_mode = DELETE; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); PRAGMA user_version = ${latestSchemaVersion};`);
    db.close();
    const mismatched = readFileSync(file);

    const cache = open();

    expectMovedAsideWith(mismatched);
    expectUsableFreshCache(cache);
  });

  it('leaves no stale journal file to be applied to the fresh cache', () => {
    const garbage = Buffer.from('garbage'.repeat(1000));
    writeFileSync(file, garbage);
    writeFileSync(`${file}-wal`, Buffer.from('stale wal'));
    writeFileSync(`${file}-shm`, Buffer.from('stale shm'));

    const cache = open();

    expectMovedAsideWith(garbage);
    expectUsableFreshCache(cache);
    for (const journal of [`${file}-wal`, `${file}-shm`]) {
      if (existsSync(journal)) expect(readFileSync(journal, 'utf8')).not.toMatch(/^stale/);
    }
  });
});

describe('a cache file that is fine', () => {
  it('is used as-is when empty (zero bytes): nothing moved, nothing logged', () => {
    writeFileSync(file, '');
    const cache = open();
    expect(movedAsideFiles()).toEqual([]);
    expect(log).toEqual([]);
    expectUsableFreshCache(cache);
  });

  it('records a clean shutdown on close and clears it on open, so a crash leaves it missing', () => {
    writeRealCache();
    expect(hasCleanShutdownMarker()).toBe(true);
    const cache = open();
    expect(hasCleanShutdownMarker()).toBe(false);
    cache.close();
    expect(hasCleanShutdownMarker()).toBe(true);
  });

  it('is reopened as-is after a crash when the integrity check finds nothing wrong', () => {
    writeRealCache({ crashed: true });
    const cache = open();
    expect(movedAsideFiles()).toEqual([]);
    expect(log).toEqual([]);
    expect(cache.listMessages('c1', { limit: 2 }).messages.map((m) => m.id)).toEqual(['m1998', 'm1999']);
  });

  it('is never moved aside on a normal reopen', () => {
    writeRealCache();
    const cache = open();
    expect(movedAsideFiles()).toEqual([]);
    expect(cache.listMessages('c1', { limit: 5 }).messages.map((m) => m.id)).toEqual(['m1995', 'm1996', 'm1997', 'm1998', 'm1999']);
  });
});

describe('a cache location that cannot be written', () => {
  it('falls back to an in-memory cache for the session, logged as an error, without touching anything', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the account folder should be');

    const cache = open(join(blocker, 'cache.sqlite'));

    expect(cache.path).toBe(':memory:');
    expect(log.map((line) => line.level)).toEqual(['error']);
    expect(statSync(blocker).isFile()).toBe(true);
    cache.upsertConversations([makeConversation({ id: 'c1' })]);
    expect(cache.getConversation('c1')?.id).toBe('c1');
    expect(existsSync(join(dir, 'cache.sqlite'))).toBe(false);
  });
});
