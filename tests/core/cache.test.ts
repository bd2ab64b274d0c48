import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore, OutboxEntry } from '../../src/main/core/cache/cache-store.ts';
import { latestSchemaVersion } from '../../src/main/core/cache/migrations.ts';
import { openCacheStore, toFtsQuery } from '../../src/main/core/cache/sqlite-cache.ts';
import type { Logger } from '../../src/main/core/ports.ts';
import { RequestStatus } from '../../src/shared/domain.ts';
import { makeConversation, makeMessage, makeTeamMember } from '../helpers/domain-fixtures.ts';

const DAY = 86_400_000;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

let dir: string;
let file: string;
let logger: ReturnType<typeof recordingLogger>;
let cache: CacheStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-test-'));
  file = join(dir, 'account', 'cache.sqlite');
  logger = recordingLogger();
  cache = openCacheStore(file, logger);
});

afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

function reopen(): CacheStore {
  cache.close();
  cache = openCacheStore(file, logger);
  return cache;
}

function at(minute: number): string {
  return new Date(Date.UTC(2026, 0, 10, 9, minute)).toISOString();
}

describe('opening', () => {
  it('creates the file, its folder and the latest schema from nothing, in WAL mode', () => {
    expect(cache.path).toBe(file);
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: latestSchemaVersion });
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      db.close();
    }
    expect(logger.lines).toEqual([]);
  });

  it('keeps everything across a close and reopen', () => {
    cache.setMeta('lastSyncAt', '1234');
    cache.upsertConversations([makeConversation({ id: 'c1', unreadCount: 2 })]);
    cache.upsertMessages([makeMessage({ id: 'm1', conversationId: 'c1', text: 'persisted words' })]);
    cache.saveTeam([makeTeamMember({ userId: 'u1' })]);
    cache.outboxAdd(outboxEntry('k1', 1));

    reopen();

    expect(cache.getMeta('lastSyncAt')).toBe('1234');
    expect(cache.getConversation('c1')?.unreadCount).toBe(2);
    expect(cache.listMessages('c1', { limit: 10 }).messages.map((m) => m.id)).toEqual(['m1']);
    expect(cache.search('persisted', 10)).toHaveLength(1);
    expect(cache.loadTeam().map((m) => m.userId)).toEqual(['u1']);
    expect(cache.outboxList().map((e) => e.clientId)).toEqual(['k1']);
  });
});

describe('meta', () => {
  it('returns null for an unknown key and the last value written', () => {
    expect(cache.getMeta('cursor')).toBeNull();
    cache.setMeta('cursor', 'a');
    cache.setMeta('cursor', 'b');
    expect(cache.getMeta('cursor')).toBe('b');
  });
});

describe('conversations', () => {
  it('round-trips a conversation exactly, including untrusted text', () => {
    const conversation = makeConversation({
      id: 'c1',
      firstText: '<img src=x onerror=alert(1)> “quotes” 😀',
      visitor: { id: 'v1', name: "O'Brien \"Bob\"", email: 'bob@example.test', attributes: { plan: 'pro', nested: { a: [1, 2] } } },
      tags: [{ id: 't1', tag: 'vip', color: '#f00' }],
      lastMessage: { text: 'hi', type: 'text', sender: 'v1', senderFullname: 'Bob', createdAt: at(1) },
    });
    cache.upsertConversations([conversation]);
    expect(cache.getConversation('c1')).toEqual(conversation);
    expect(cache.getConversation('missing')).toBeNull();
  });

  it('upserts by id: a second write replaces the first', () => {
    cache.upsertConversations([makeConversation({ id: 'c1', subject: 'old' })]);
    cache.upsertConversations([makeConversation({ id: 'c1', subject: 'new' })]);
    expect(cache.getConversation('c1')?.subject).toBe('new');
    expect(cache.listOpenConversations()).toHaveLength(1);
  });

  it('lists open conversations by latest activity (update or message) first and closed ones newest closed first, paged', () => {
    cache.upsertConversations([
      makeConversation({ id: 'open-old', updatedAt: at(1) }),
      makeConversation({
        id: 'open-old-new-message',
        updatedAt: at(0),
        lastMessage: { text: 'hi', type: 'text', sender: 'v', senderFullname: 'V', createdAt: at(4) },
      }),
      makeConversation({ id: 'open-new', updatedAt: at(5) }),
      makeConversation({ id: 'queued', status: RequestStatus.unassigned, updatedAt: at(3) }),
      makeConversation({ id: 'closed-a', status: RequestStatus.closed, updatedAt: at(9), closedAt: at(2) }),
      makeConversation({ id: 'closed-b', status: RequestStatus.closed, updatedAt: at(4), closedAt: at(4) }),
      makeConversation({ id: 'closed-c', status: RequestStatus.closed, updatedAt: at(6), closedAt: null }),
    ]);
    expect(cache.listOpenConversations().map((c) => c.id)).toEqual(['open-new', 'open-old-new-message', 'queued', 'open-old']);
    expect(cache.listClosedConversations(0, 10).map((c) => c.id)).toEqual(['closed-c', 'closed-b', 'closed-a']);
    expect(cache.listClosedConversations(1, 1).map((c) => c.id)).toEqual(['closed-b']);
    expect(cache.listClosedConversations(3, 10)).toEqual([]);
  });

  it('moves a conversation from open to closed when it is upserted closed', () => {
    cache.upsertConversations([makeConversation({ id: 'c1' })]);
    cache.upsertConversations([makeConversation({ id: 'c1', status: RequestStatus.closed, closedAt: at(2) })]);
    expect(cache.listOpenConversations()).toEqual([]);
    expect(cache.listClosedConversations(0, 10).map((c) => c.id)).toEqual(['c1']);
  });

  it('sets the unread count without touching the rest of the conversation', () => {
    const conversation = makeConversation({ id: 'c1', subject: 'Billing' });
    cache.upsertConversations([conversation]);
    cache.setUnread('c1', 4);
    expect(cache.getConversation('c1')).toEqual({ ...conversation, unreadCount: 4 });
    cache.setUnread('unknown', 1);
    expect(cache.getConversation('unknown')).toBeNull();
  });

  it('removes conversations with their messages', () => {
    cache.upsertConversations([makeConversation({ id: 'c1' }), makeConversation({ id: 'c2' })]);
    cache.upsertMessages([
      makeMessage({ id: 'm1', conversationId: 'c1', text: 'gone' }),
      makeMessage({ id: 'm2', conversationId: 'c2', text: 'kept' }),
    ]);
    cache.removeConversations(['c1']);
    expect(cache.getConversation('c1')).toBeNull();
    expect(cache.listMessages('c1', { limit: 10 }).messages).toEqual([]);
    expect(cache.search('gone', 10)).toEqual([]);
    expect(cache.listMessages('c2', { limit: 10 }).messages).toHaveLength(1);
  });
});

describe('messages', () => {
  it('round-trips a message exactly', () => {
    const message = makeMessage({
      id: 'm1',
      conversationId: 'c1',
      clientId: 'k1',
      type: 'image',
      text: '',
      metadata: { src: 'https://files.test/a.png', width: 10, height: 20 },
      attributes: { clienttimestamp: 1, subtype: 'private' },
    });
    expect(cache.upsertMessages([message])).toEqual([message]);
    expect(cache.listMessages('c1', { limit: 10 }).messages).toEqual([message]);
  });

  it('dedupes by id: returns only the new ones and updates the cached copy', () => {
    const first = makeMessage({ id: 'm1', conversationId: 'c1', text: 'one', delivery: 'sending' });
    expect(cache.upsertMessages([first])).toEqual([first]);

    const second = makeMessage({ id: 'm2', conversationId: 'c1', createdAt: at(1) });
    const firstUpdated = { ...first, delivery: 'sent' as const };
    expect(cache.upsertMessages([firstUpdated, second, second])).toEqual([second]);

    const { messages } = cache.listMessages('c1', { limit: 10 });
    expect(messages).toEqual([firstUpdated, second]);
  });

  it('orders by sortKey, then createdAt, oldest first, whatever the arrival order', () => {
    cache.upsertMessages([
      makeMessage({ id: 'late', conversationId: 'c1', createdAt: at(0), sortKey: 300 }),
      makeMessage({ id: 'tie-later', conversationId: 'c1', createdAt: at(5), sortKey: 200 }),
      makeMessage({ id: 'tie-earlier', conversationId: 'c1', createdAt: at(4), sortKey: 200 }),
      makeMessage({ id: 'first', conversationId: 'c1', createdAt: at(9), sortKey: 100 }),
      makeMessage({ id: 'other-conversation', conversationId: 'c2', sortKey: 150 }),
    ]);
    expect(cache.listMessages('c1', { limit: 10 }).messages.map((m) => m.id)).toEqual(['first', 'tie-earlier', 'tie-later', 'late']);
  });

  it('pages backwards with beforeSortKey and reports whether older messages remain', () => {
    cache.upsertMessages(
      Array.from({ length: 25 }, (_, i) => makeMessage({ id: `m${i}`, conversationId: 'c1', sortKey: 1000 + i, text: `message ${i}` })),
    );
    const newest = cache.listMessages('c1', { limit: 10 });
    expect(newest.messages.map((m) => m.sortKey)).toEqual(range(1015, 1025));
    expect(newest.hasOlder).toBe(true);

    const middle = cache.listMessages('c1', { beforeSortKey: 1015, limit: 10 });
    expect(middle.messages.map((m) => m.sortKey)).toEqual(range(1005, 1015));
    expect(middle.hasOlder).toBe(true);

    const oldest = cache.listMessages('c1', { beforeSortKey: 1005, limit: 10 });
    expect(oldest.messages.map((m) => m.sortKey)).toEqual(range(1000, 1005));
    expect(oldest.hasOlder).toBe(false);

    const exact = cache.listMessages('c1', { beforeSortKey: 1010, limit: 10 });
    expect(exact.messages.map((m) => m.sortKey)).toEqual(range(1000, 1010));
    expect(exact.hasOlder).toBe(false);
  });

  it('never splits messages that share a sortKey across pages, so paging loses none', () => {
    // A multi-insert without clienttimestamp gives many messages the same createdAt, hence the same sortKey.
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    cache.upsertMessages([
      makeMessage({ id: 'older', conversationId: 'c1', sortKey: 10 }),
      ...ids.map((id) => makeMessage({ id, conversationId: 'c1', sortKey: 20 })),
      makeMessage({ id: 'newest', conversationId: 'c1', sortKey: 30 }),
    ]);
    const seen: string[] = [];
    let page = cache.listMessages('c1', { limit: 3 });
    seen.unshift(...page.messages.map((m) => m.id));
    while (page.hasOlder) {
      page = cache.listMessages('c1', { beforeSortKey: page.messages[0]!.sortKey, limit: 3 });
      seen.unshift(...page.messages.map((m) => m.id));
    }
    expect(seen).toEqual(['older', ...ids, 'newest']);
  });

  it('replaces an outbox placeholder by the server echo', () => {
    const placeholder = makeMessage({ id: 'local:k1', clientId: 'k1', conversationId: 'c1', author: 'me', text: 'on its way', delivery: 'pending', sortKey: 50 });
    cache.upsertMessages([placeholder]);
    expect(cache.findMessageByClientId('k1')).toEqual(placeholder);

    const echo = { ...placeholder, id: 'srv1', delivery: 'sent' as const, sortKey: 60 };
    cache.replaceMessage('local:k1', echo);

    expect(cache.listMessages('c1', { limit: 10 }).messages).toEqual([echo]);
    expect(cache.findMessageByClientId('k1')).toEqual(echo);
    expect(cache.search('way', 10).map((hit) => hit.messageId)).toEqual(['srv1']);
  });

  it('leaves a single copy when the echo was already cached before the placeholder is replaced', () => {
    const placeholder = makeMessage({ id: 'local:k1', clientId: 'k1', conversationId: 'c1', author: 'me', delivery: 'pending' });
    const echo = { ...placeholder, id: 'srv1', delivery: 'sent' as const };
    cache.upsertMessages([placeholder, echo]);
    expect(cache.findMessageByClientId('k1')?.id).toBe('srv1');

    cache.replaceMessage('local:k1', echo);
    expect(cache.listMessages('c1', { limit: 10 }).messages).toEqual([echo]);
  });

  it('reports the latest server sortKey, ignoring outbox placeholders', () => {
    expect(cache.latestMessageSortKey('c1')).toBeNull();
    cache.upsertMessages([
      makeMessage({ id: 'm1', conversationId: 'c1', sortKey: 100 }),
      makeMessage({ id: 'm2', conversationId: 'c1', sortKey: 200 }),
      makeMessage({ id: 'local:k1', clientId: 'k1', conversationId: 'c1', sortKey: 900 }),
      makeMessage({ id: 'm3', conversationId: 'c2', sortKey: 500 }),
    ]);
    expect(cache.latestMessageSortKey('c1')).toBe(200);
  });

  it('finds nothing for an unknown client id', () => {
    expect(cache.findMessageByClientId('nope')).toBeNull();
  });

  it('writes all of a batch or nothing', () => {
    const good = makeMessage({ id: 'good', conversationId: 'c1' });
    // A value SQLite cannot bind fails the write midway through the batch.
    const broken = { ...makeMessage({ id: 'broken', conversationId: 'c1' }), clientId: {} as unknown as string };
    expect(() => cache.upsertMessages([good, broken])).toThrow();
    expect(cache.listMessages('c1', { limit: 10 }).messages).toEqual([]);
    expect(cache.upsertMessages([good])).toEqual([good]);
  });
});

describe('search', () => {
  beforeEach(() => {
    cache.upsertConversations([
      makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Zoë Müller', email: null, attributes: {} }, firstText: 'Where is my invoice?' }),
      makeConversation({ id: 'c2', visitor: { id: 'v2', name: 'Marco', email: null, attributes: {} }, firstText: 'Password reset' }),
    ]);
    cache.upsertMessages([
      makeMessage({ id: 'm1', conversationId: 'c1', text: 'The invoice for March is missing', createdAt: at(1) }),
      makeMessage({ id: 'm2', conversationId: 'c2', text: 'I cannot reset my password', createdAt: at(2) }),
      makeMessage({ id: 'm3', conversationId: 'c2', text: 'Il caffè è freddo, per favore', createdAt: at(3) }),
      makeMessage({ id: 'm4', conversationId: 'c2', text: 'Привет, нужна помощь с заказом', createdAt: at(4) }),
    ]);
  });

  it('finds messages by word with a plain-text snippet and the message date', () => {
    expect(cache.search('march', 10)).toEqual([
      { conversationId: 'c1', messageId: 'm1', snippet: 'The invoice for March is missing', createdAt: at(1) },
    ]);
  });

  it('finds conversations by visitor name and first text, before message hits', () => {
    const hits = cache.search('invoice', 10);
    expect(hits[0]).toMatchObject({ conversationId: 'c1', messageId: null, snippet: 'Where is my invoice?' });
    expect(hits.slice(1).map((hit) => hit.messageId)).toEqual(['m1']);
    expect(cache.search('muller', 10)).toEqual([{ conversationId: 'c1', messageId: null, snippet: 'Zoë Müller', createdAt: '2026-01-10T09:00:00.000Z' }]);
  });

  it('matches the last word as a prefix, as the agent types', () => {
    expect(cache.search('inv', 10).map((hit) => hit.messageId)).toEqual([null, 'm1']);
    expect(cache.search('reset pass', 10).map((hit) => hit.messageId)).toEqual([null, 'm2']);
    // Only the last word is a prefix.
    expect(cache.search('pass reset', 10)).toEqual([]);
  });

  it('requires every word', () => {
    expect(cache.search('invoice march', 10).map((hit) => hit.messageId)).toEqual(['m1']);
    expect(cache.search('invoice password', 10)).toEqual([]);
  });

  it('matches accents and non-Latin scripts', () => {
    expect(cache.search('caffe', 10).map((hit) => hit.messageId)).toEqual(['m3']);
    expect(cache.search('CAFFÈ', 10).map((hit) => hit.messageId)).toEqual(['m3']);
    expect(cache.search('помощь', 10).map((hit) => hit.messageId)).toEqual(['m4']);
    expect(cache.search('zoe', 10).map((hit) => hit.conversationId)).toEqual(['c1']);
  });

  it.each([
    '"foo',
    'AND OR (',
    'NOT',
    'invoice"',
    ')))',
    'a:b',
    'col:invoice',
    '*',
    'inv*',
    '^march',
    'NEAR(invoice march)',
    "'; DROP TABLE messages; --",
    '\u0000\u0001',
    '😀',
    '   ',
    '',
  ])('treats FTS syntax in %j as plain text without throwing', (query) => {
    expect(() => cache.search(query, 10)).not.toThrow();
  });

  it('still finds the words around hostile syntax', () => {
    expect(cache.search('(invoice march)', 10).map((hit) => hit.messageId)).toEqual(['m1']);
    // Operators are plain words too: nothing here contains "and".
    expect(cache.search('invoice AND march', 10)).toEqual([]);
    expect(cache.search('"march"', 10).map((hit) => hit.messageId)).toEqual(['m1']);
    expect(cache.search("'; DROP TABLE messages; --", 10)).toEqual([]);
    expect(cache.listMessages('c1', { limit: 10 }).messages).toHaveLength(1);
  });

  it('returns nothing for a query without a searchable character', () => {
    expect(cache.search('!!! ??', 10)).toEqual([]);
    expect(toFtsQuery(' ( ) " ')).toBeNull();
  });

  it('respects the limit, newest messages first', () => {
    cache.upsertMessages(Array.from({ length: 30 }, (_, i) => makeMessage({ id: `x${i}`, conversationId: 'c3', text: `ticket number ${i}` })));
    const hits = cache.search('ticket', 5);
    expect(hits.map((hit) => hit.messageId)).toEqual(['x29', 'x28', 'x27', 'x26', 'x25']);
  });

  it('follows edits to a message text', () => {
    cache.upsertMessages([makeMessage({ id: 'm1', conversationId: 'c1', text: 'Refund approved', createdAt: at(1) })]);
    expect(cache.search('march', 10)).toEqual([]);
    expect(cache.search('refund', 10).map((hit) => hit.messageId)).toEqual(['m1']);
  });

  it('follows a visitor rename', () => {
    cache.upsertConversations([makeConversation({ id: 'c2', visitor: { id: 'v2', name: 'Giulia', email: null, attributes: {} }, firstText: 'Password reset' })]);
    expect(cache.search('marco', 10)).toEqual([]);
    expect(cache.search('giulia', 10).map((hit) => hit.conversationId)).toEqual(['c2']);
  });

  it('gives a bounded snippet for a huge message', () => {
    const huge = `${'lorem ipsum '.repeat(50_000)}needle ${'dolor sit '.repeat(50_000)}`;
    cache.upsertMessages([makeMessage({ id: 'huge', conversationId: 'c1', text: huge })]);
    const [hit] = cache.search('needle', 10);
    expect(hit?.messageId).toBe('huge');
    expect(hit?.snippet).toContain('needle');
    expect(hit!.snippet.length).toBeLessThan(200);
  });
});

describe('retention', () => {
  const now = Date.UTC(2026, 5, 1);
  const daysAgo = (days: number) => new Date(now - days * DAY).toISOString();

  function closed(id: string, closedDaysAgo: number) {
    return makeConversation({ id, status: RequestStatus.closed, closedAt: daysAgo(closedDaysAgo), updatedAt: daysAgo(closedDaysAgo) });
  }

  function addMessages(conversationId: string, count: number) {
    cache.upsertMessages(Array.from({ length: count }, (_, i) => makeMessage({ id: `${conversationId}-${i}`, conversationId, text: `text ${conversationId}` })));
  }

  it('evicts closed conversations older than the age limit, with their messages and search entries', () => {
    cache.upsertConversations([closed('ancient', 100), closed('recent', 5), makeConversation({ id: 'open-ancient', updatedAt: daysAgo(400) })]);
    addMessages('ancient', 3);
    addMessages('recent', 3);
    addMessages('open-ancient', 3);

    expect(cache.enforceRetention({ maxAgeDays: 30, maxMessages: 1_000_000 }, now)).toEqual(['ancient']);

    expect(cache.getConversation('ancient')).toBeNull();
    expect(cache.listMessages('ancient', { limit: 10 }).messages).toEqual([]);
    expect(cache.search('ancient', 10).filter((hit) => hit.conversationId === 'ancient')).toEqual([]);
    expect(cache.getConversation('recent')).not.toBeNull();
    expect(cache.getConversation('open-ancient')).not.toBeNull();
    expect(cache.listMessages('open-ancient', { limit: 10 }).messages).toHaveLength(3);
  });

  it('evicts the oldest closed conversations first until the message count fits, never open ones', () => {
    cache.upsertConversations([closed('closed-3d', 3), closed('closed-2d', 2), closed('closed-1d', 1), makeConversation({ id: 'open' })]);
    addMessages('closed-3d', 4);
    addMessages('closed-2d', 4);
    addMessages('closed-1d', 4);
    addMessages('open', 4);

    expect(cache.enforceRetention({ maxAgeDays: 365, maxMessages: 9 }, now)).toEqual(['closed-3d', 'closed-2d']);
    expect(cache.listClosedConversations(0, 10).map((c) => c.id)).toEqual(['closed-1d']);

    // Over the limit with only open conversations left: they stay.
    expect(cache.enforceRetention({ maxAgeDays: 365, maxMessages: 1 }, now)).toEqual(['closed-1d']);
    expect(cache.listMessages('open', { limit: 10 }).messages).toHaveLength(4);
  });

  it('evicts nothing when within the policy', () => {
    cache.upsertConversations([closed('c', 1)]);
    addMessages('c', 2);
    expect(cache.enforceRetention({ maxAgeDays: 30, maxMessages: 10 }, now)).toEqual([]);
    expect(cache.getConversation('c')).not.toBeNull();
  });

  it('also evicts old messages whose conversation was never cached', () => {
    cache.upsertMessages([makeMessage({ id: 'orphan', conversationId: 'gone', createdAt: daysAgo(90) })]);
    expect(cache.enforceRetention({ maxAgeDays: 30, maxMessages: 1000 }, now)).toEqual(['gone']);
    expect(cache.listMessages('gone', { limit: 10 }).messages).toEqual([]);
  });

  it('keeps the outbox, whatever the policy', () => {
    cache.upsertConversations([closed('c', 100)]);
    cache.outboxAdd({ ...outboxEntry('k1', 1), conversationId: 'c' });
    cache.enforceRetention({ maxAgeDays: 1, maxMessages: 1000 }, now);
    expect(cache.outboxList()).toHaveLength(1);
  });
});

describe('team', () => {
  it('saves and loads the team in order, replacing the previous one', () => {
    cache.saveTeam([makeTeamMember({ userId: 'b', name: 'Bea' }), makeTeamMember({ userId: 'a', name: 'Al' })]);
    expect(cache.loadTeam().map((m) => m.name)).toEqual(['Bea', 'Al']);
    const replacement = [makeTeamMember({ userId: 'c', available: false })];
    cache.saveTeam(replacement);
    expect(cache.loadTeam()).toEqual(replacement);
    cache.saveTeam([]);
    expect(cache.loadTeam()).toEqual([]);
  });
});

function outboxEntry(clientId: string, createdAt: number): OutboxEntry {
  return {
    clientId,
    conversationId: 'c1',
    body: { text: `reply ${clientId}`, type: 'text', attributes: { clientMessageId: clientId } },
    state: 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: 0,
    createdAt,
  };
}

describe('outbox', () => {
  it('lists entries in creation order with their body intact', () => {
    cache.outboxAdd(outboxEntry('second', 20));
    cache.outboxAdd(outboxEntry('first', 10));
    cache.outboxAdd(outboxEntry('same-time', 20));
    expect(cache.outboxList().map((e) => e.clientId)).toEqual(['first', 'second', 'same-time']);
    expect(cache.outboxList()[0]).toEqual(outboxEntry('first', 10));
  });

  it('updates only the given fields, including back to null', () => {
    cache.outboxAdd(outboxEntry('k1', 1));
    cache.outboxUpdate('k1', { state: 'failed', attempts: 3, lastError: 'HTTP 503', nextAttemptAt: 99 });
    expect(cache.outboxList()[0]).toEqual({ ...outboxEntry('k1', 1), state: 'failed', attempts: 3, lastError: 'HTTP 503', nextAttemptAt: 99 });
    cache.outboxUpdate('k1', { state: 'sending', lastError: null });
    expect(cache.outboxList()[0]).toMatchObject({ state: 'sending', attempts: 3, lastError: null });
    cache.outboxUpdate('unknown', { state: 'failed' });
    expect(cache.outboxList()).toHaveLength(1);
  });

  it('removes an entry', () => {
    cache.outboxAdd(outboxEntry('k1', 1));
    cache.outboxAdd(outboxEntry('k2', 2));
    cache.outboxRemove('k1');
    cache.outboxRemove('unknown');
    expect(cache.outboxList().map((e) => e.clientId)).toEqual(['k2']);
  });

  it('refuses a second entry with the same client id instead of overwriting the first', () => {
    cache.outboxAdd(outboxEntry('k1', 1));
    expect(() => cache.outboxAdd({ ...outboxEntry('k1', 2), body: { text: 'other' } })).toThrow();
    expect(cache.outboxList()).toEqual([outboxEntry('k1', 1)]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
