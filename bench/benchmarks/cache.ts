/**
 * 6. Cache: appending one message to a cache of 100,000 messages, and full-text search over it,
 * next to the floor: a bare node:sqlite insert into a one-table WAL database (and a bare FTS5 table)
 * holding the same rows, in the same run.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openCacheStore, toFtsQuery } from '../../src/main/core/cache/sqlite-cache.ts';
import type { Message } from '../../src/shared/domain.ts';
import { makeConversation, makeMessage, makeTextGenerator } from '../lib/fixtures.ts';
import { atMost, distribution, result, timingFigures } from '../lib/stats.ts';
import type { Benchmark, BenchContext } from '../lib/types.ts';

const CONVERSATIONS = 1_000;
const MESSAGES = 100_000;
const APPENDS = 2_000;
const SEARCH_RUNS_PER_QUERY = 20;
const REOPENS = 5;
/** Frequent words, a rarer word, a word prefix and two-word queries: what an agent types in the search box. */
const QUERIES = ['refund', 'password reset', 'tracking', 'kalomi', 'invo', 'shipping late'];

const silentLogger = { info() {}, warn() {}, error() {} };

function timeEach(count: number, action: (index: number) => void): number[] {
  const timings: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    action(i);
    timings.push(performance.now() - start);
  }
  return timings;
}

/** The floor: one table, one index, WAL; the same rows the product caches. */
function openFloorDatabase(file: string) {
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, sort_key INTEGER NOT NULL, json TEXT NOT NULL);
    CREATE VIRTUAL TABLE messages_fts USING fts5(text);`);
  const insert = db.prepare('INSERT INTO messages (id, conversation_id, sort_key, json) VALUES (?, ?, ?, ?)');
  const insertText = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
  // Newest matches first, as an inbox search wants; ranking every match by bm25 would cost far more.
  const search = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 50');
  return {
    append(message: Message) {
      insert.run(message.id, message.conversationId, message.sortKey, JSON.stringify(message));
    },
    appendMany(messages: Message[]) {
      db.exec('BEGIN');
      for (const message of messages) {
        const { lastInsertRowid } = insert.run(message.id, message.conversationId, message.sortKey, JSON.stringify(message));
        insertText.run(lastInsertRowid, message.text);
      }
      db.exec('COMMIT');
    },
    search(query: string) {
      // The same FTS expression the product builds from the typed text, so both sides match the same rows.
      return search.all(toFtsQuery(query) ?? '""');
    },
    close() {
      db.close();
    },
  };
}

async function run(context: BenchContext) {
  const dir = path.join(context.tempDir, 'cache');
  mkdirSync(dir, { recursive: true });
  const text = makeTextGenerator(6);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const conversationIds = Array.from({ length: CONVERSATIONS }, (_, i) => `support-group-bench-${i}`);
  const messages: Message[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const conversationId = conversationIds[i % CONVERSATIONS] as string;
    messages.push(makeMessage(conversationId, `m${i}`, start + i * 1000, text(3, 30), i % 3 !== 0));
  }

  const productFile = path.join(dir, 'product.sqlite');
  const floorFile = path.join(dir, 'floor.sqlite');
  const cache = openCacheStore(productFile, silentLogger);
  const floor = openFloorDatabase(floorFile);
  let open = true;
  const closeBoth = () => {
    if (!open) return;
    open = false;
    cache.close();
    floor.close();
  };
  try {
    const fillStart = performance.now();
    // A neutral first text: the product searches conversations first, and every query here should reach the messages.
    cache.upsertConversations(conversationIds.map((id, i) => makeConversation(id, i, start, 'Chat started from the website')));
    for (let i = 0; i < messages.length; i += 1_000) cache.upsertMessages(messages.slice(i, i + 1_000));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    for (let i = 0; i < messages.length; i += 1_000) floor.appendMany(messages.slice(i, i + 1_000));
    context.log(`cache: filled ${MESSAGES} messages in ${fillSeconds.toFixed(1)} s`);

    const base = start + MESSAGES * 1000;
    const fresh = (prefix: string) => (i: number) => {
      const conversationId = conversationIds[(i * 7) % CONVERSATIONS] as string;
      return makeMessage(conversationId, `${prefix}${i}`, base + i, text(3, 30), true);
    };
    const productMessage = fresh('append-');
    const floorMessage = fresh('floor-');
    // Interleave product and floor in slices so a background hiccup hits both sides alike.
    const appendTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let slice = 0; slice < APPENDS; slice += 100) {
      appendTimes.push(...timeEach(100, (i) => cache.upsertMessages([productMessage(slice + i)])));
      floorTimes.push(...timeEach(100, (i) => floor.append(floorMessage(slice + i))));
    }
    const cachedCount = cache.listMessages(conversationIds[0] as string, { limit: 1_000 }).messages.length;

    const searchTimes: number[] = [];
    const floorSearchTimes: number[] = [];
    const hitCounts: string[] = [];
    for (const query of QUERIES) {
      hitCounts.push(`"${query}": ${cache.search(query, 50).length} hits`);
      searchTimes.push(...timeEach(SEARCH_RUNS_PER_QUERY, () => cache.search(query, 50)));
      floorSearchTimes.push(...timeEach(SEARCH_RUNS_PER_QUERY, () => floor.search(query)));
    }

    closeBoth();
    // What a cold start pays for a big cache: open it and list the open conversations for the inbox.
    const reopenTimes = timeEach(REOPENS, () => {
      const reopened = openCacheStore(productFile, silentLogger);
      reopened.listOpenConversations();
      reopened.close();
    });
    const floorReopenTimes = timeEach(REOPENS, () => {
      const db = new DatabaseSync(floorFile);
      db.prepare('SELECT count(*) FROM messages').get();
      db.close();
    });
    const reopen = distribution(reopenTimes);
    const reopenFloor = distribution(floorReopenTimes);

    const append = distribution(appendTimes);
    const appendFloor = distribution(floorTimes);
    const search = distribution(searchTimes);
    const searchFloor = distribution(floorSearchTimes);
    return [
      result({
        name: 'cache.append',
        title: `Append one message to a cache of ${MESSAGES.toLocaleString('en-US')} messages (CacheStore.upsertMessages)`,
        unit: 'ms',
        figures: timingFigures(append),
        floor: timingFigures(appendFloor),
        floorLabel: 'bare node:sqlite INSERT, one table, WAL, synchronous=NORMAL',
        target: 'p50 < 1 ms, p99 < 5 ms',
        checks: [atMost('p50', append.p50, 1, 'ms'), atMost('p99', append.p99, 5, 'ms')],
        notes: [
          `${APPENDS} single-message appends over ${CONVERSATIONS} conversations, interleaved with the floor in slices of 100.`,
          `Bulk fill through upsertMessages in batches of 1,000: ${fillSeconds.toFixed(1)} s (${Math.round(MESSAGES / fillSeconds).toLocaleString('en-US')} messages/s).`,
          `Sanity: conversation 0 lists ${cachedCount} cached messages.`,
        ],
      }),
      result({
        name: 'cache.search',
        title: `Full-text search over ${MESSAGES.toLocaleString('en-US')} cached messages (CacheStore.search, 50 hits)`,
        unit: 'ms',
        figures: timingFigures(search),
        floor: timingFigures(searchFloor),
        floorLabel: 'bare FTS5 MATCH over the same texts, newest 50',
        target: 'under 50 ms (p99)',
        checks: [atMost('p99', search.p99, 50, 'ms')],
        notes: [`${QUERIES.length} queries × ${SEARCH_RUNS_PER_QUERY} runs.`, `Hits: ${hitCounts.join('; ')}.`],
      }),
      result({
        name: 'cache.reopen',
        title: `Open the ${MESSAGES.toLocaleString('en-US')}-message cache and list its ${CONVERSATIONS.toLocaleString('en-US')} open conversations (what a cold start pays)`,
        unit: 'ms',
        figures: timingFigures(reopen),
        floor: timingFigures(reopenFloor),
        floorLabel: 'open the bare database + one count(*)',
        target: 'none in the brief (part of the 1 s cold start)',
        checks: [],
        notes: [`${REOPENS} opens of the closed file (migrations check, statements prepared, WAL).`],
      }),
    ];
  } finally {
    closeBoth();
  }
}

export const cacheBenchmark: Benchmark = { name: 'cache', title: 'Cache append and search', usesRenderer: false, run };
