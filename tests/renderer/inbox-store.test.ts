// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { RequestStatus, type Conversation } from '../../src/shared/domain.ts';
import type { InboxSnapshot } from '../../src/shared/ipc/contract.ts';
import { useInboxStore } from '../../src/renderer/src/stores/inbox.ts';
import { makeConversation } from '../helpers/domain-fixtures.ts';
import { fakeBridge, Refusal, setUp, settle } from './support/fake-bridge.ts';

function snapshot(conversations: Conversation[]): InboxSnapshot {
  return {
    conversations,
    connection: { status: 'online', retryAt: null, lastSyncAt: null, lastError: null },
    outboxPending: 0,
    badge: { unread: 0, queue: 0, attention: false },
  };
}

describe('inbox store', () => {
  it('counts conversations and unread conversations per tab', () => {
    setUp(fakeBridge());
    const inbox = useInboxStore();
    inbox.applySnapshot(
      snapshot([
        makeConversation({ id: 'q1', status: RequestStatus.unassigned, participants: [], unreadCount: 2 }),
        makeConversation({ id: 'q2', status: RequestStatus.unassigned, participants: [] }),
        makeConversation({ id: 'm1', participants: ['me'], unreadCount: 5 }),
        makeConversation({ id: 'o1', participants: ['someone-else'] }),
      ]),
    );
    expect(inbox.counts.queue).toEqual({ total: 2, unread: 1 });
    expect(inbox.counts.mine).toEqual({ total: 1, unread: 1 });
    expect(inbox.counts.all).toEqual({ total: 4, unread: 2 });
    expect(inbox.counts.closed).toEqual({ total: 0, unread: 0 });
  });

  it('moves a conversation between tabs when a live update changes it, and drops removed ones', () => {
    setUp(fakeBridge());
    const inbox = useInboxStore();
    inbox.applySnapshot(snapshot([makeConversation({ id: 'c1', status: RequestStatus.unassigned, participants: [] }), makeConversation({ id: 'c2' })]));
    inbox.upsert([makeConversation({ id: 'c1', status: RequestStatus.assigned, participants: ['me'] })]);
    expect(inbox.buckets.queue.map((c) => c.id)).toEqual([]);
    expect(inbox.buckets.mine.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    inbox.remove(['c2']);
    expect(inbox.buckets.all.map((c) => c.id)).toEqual(['c1']);
  });

  it('filters the current tab by visitor name, e-mail, text and tags, case-insensitively', () => {
    setUp(fakeBridge());
    const inbox = useInboxStore();
    inbox.applySnapshot(
      snapshot([
        makeConversation({ id: 'a', visitor: { id: 'v', name: 'Giulia Bianchi', email: 'giulia@example.it', attributes: {} } }),
        makeConversation({ id: 'b', firstText: 'My invoice is wrong' }),
        makeConversation({ id: 'c', tags: [{ id: 't', tag: 'VIP', color: null }] }),
      ]),
    );
    inbox.setTab('all');
    inbox.filter = 'GIULIA@';
    expect(inbox.visible.map((c) => c.id)).toEqual(['a']);
    inbox.filter = 'invoice';
    expect(inbox.visible.map((c) => c.id)).toEqual(['b']);
    inbox.filter = 'vip';
    expect(inbox.visible.map((c) => c.id)).toEqual(['c']);
    inbox.filter = '';
    expect(inbox.visible).toHaveLength(3);
  });

  it('loads closed conversations page by page from the core when the Closed tab opens', async () => {
    const bridge = fakeBridge({
      'inbox.loadClosed': ({ page }) => ({
        conversations: [makeConversation({ id: `closed-${page}`, status: RequestStatus.closed, closedAt: `2026-01-0${page + 1}T10:00:00.000Z` })],
        hasMore: page === 0,
      }),
    });
    setUp(bridge);
    const inbox = useInboxStore();
    inbox.applySnapshot(snapshot([]));
    inbox.setTab('closed');
    await settle();
    expect(inbox.visible.map((c) => c.id)).toEqual(['closed-0']);
    await inbox.loadMoreClosed();
    await inbox.loadMoreClosed();
    expect(bridge.callsTo('inbox.loadClosed')).toEqual([{ page: 0 }, { page: 1 }]);
    expect(inbox.closedHasMore).toBe(false);
    // Newest closed first.
    expect(inbox.visible.map((c) => c.id)).toEqual(['closed-1', 'closed-0']);
  });

  it('keeps paged closed conversations when a new snapshot replaces the open ones', () => {
    setUp(fakeBridge());
    const inbox = useInboxStore();
    inbox.upsert([makeConversation({ id: 'closed', status: RequestStatus.closed })]);
    inbox.applySnapshot(snapshot([makeConversation({ id: 'open' })]));
    inbox.applySnapshot(snapshot([makeConversation({ id: 'open-2' })]));
    expect(inbox.buckets.all.map((c) => c.id)).toEqual(['open-2']);
    expect(inbox.buckets.closed.map((c) => c.id)).toEqual(['closed']);
  });

  it('lists a first message matched both as the conversation and as a message once, as the message', async () => {
    const hit = (conversationId: string, messageId: string | null, snippet: string) => ({ conversationId, messageId, snippet, createdAt: '2026-01-10T09:00:00.000Z' });
    setUp(
      fakeBridge({
        'inbox.search': () => [hit('c1', null, 'my reference is ZX-1'), hit('c2', null, 'subject: ZX-1 refund'), hit('c1', 'm1', 'my reference is ZX-1'), hit('c2', 'm9', 'ZX-1 again')],
      }),
    );
    const inbox = useInboxStore();
    await inbox.search('ZX-1');
    expect(inbox.searchHits?.map((h) => [h.conversationId, h.messageId])).toEqual([
      ['c2', null],
      ['c1', 'm1'],
      ['c2', 'm9'],
    ]);
  });

  it('shows a search failure as an error instead of an empty result', async () => {
    setUp(fakeBridge({ 'inbox.search': () => Promise.reject(new Refusal('internal', 'cache is locked')) }));
    const inbox = useInboxStore();
    await inbox.search('refund');
    expect(inbox.searchError).toEqual({ code: 'internal', message: 'cache is locked' });
  });

  it('sorts 5,000 open conversations into the right tabs and filters them correctly (speed is measured by npm run bench)', () => {
    setUp(fakeBridge());
    const inbox = useInboxStore();
    const many = Array.from({ length: 5000 }, (_, index) =>
      makeConversation({
        id: `c${index}`,
        status: index % 3 === 0 ? RequestStatus.unassigned : RequestStatus.assigned,
        participants: index % 3 === 0 ? [] : [index % 2 ? 'me' : 'other'],
        createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
        visitor: { id: `v${index}`, name: `Visitor ${index}`, email: null, attributes: {} },
      }),
    );
    inbox.applySnapshot(snapshot(many));

    expect(inbox.counts.all.total).toBe(5000);
    expect(inbox.counts.queue.total).toBe(1667);
    expect(inbox.counts.mine.total).toBe(1667);
    inbox.setTab('queue');
    // The queue is oldest first: who has waited longest is on top.
    expect(inbox.visible.slice(0, 3).map((c) => c.id)).toEqual(['c0', 'c3', 'c6']);
    inbox.setTab('mine');
    expect(inbox.visible.every((c) => c.participants.includes('me'))).toBe(true);

    inbox.setTab('all');
    inbox.filter = 'visitor 42';
    // Visitor 42, 420–429 and 4200–4299.
    expect(inbox.visible).toHaveLength(111);
    expect(inbox.visible.every((c) => c.visitor.name.startsWith('Visitor 42'))).toBe(true);
    inbox.filter = 'Visitor 4999';
    expect(inbox.visible.map((c) => c.id)).toEqual(['c4999']);
    inbox.filter = '';
    expect(inbox.visible).toHaveLength(5000);
  });
});
