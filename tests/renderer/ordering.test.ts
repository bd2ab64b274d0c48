import { describe, expect, it } from 'vitest';
import { RequestStatus } from '../../src/shared/domain.ts';
import { compareMessages, sortForTab, tabsOf } from '../../src/renderer/src/lib/ordering.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';

describe('message ordering', () => {
  it('orders by sortKey, then createdAt, then id, whatever the arrival order', () => {
    const base = Date.parse('2026-01-10T09:00:00.000Z');
    const messages = [
      makeMessage({ id: 'c', conversationId: 'x', sortKey: base + 10, createdAt: '2026-01-10T09:00:00.000Z' }),
      makeMessage({ id: 'b', conversationId: 'x', sortKey: base, createdAt: '2026-01-10T09:00:02.000Z' }),
      makeMessage({ id: 'a2', conversationId: 'x', sortKey: base, createdAt: '2026-01-10T09:00:01.000Z' }),
      makeMessage({ id: 'a1', conversationId: 'x', sortKey: base, createdAt: '2026-01-10T09:00:01.000Z' }),
    ];
    const expected = ['a1', 'a2', 'b', 'c'];
    expect([...messages].sort(compareMessages).map((m) => m.id)).toEqual(expected);
    expect([...messages].reverse().sort(compareMessages).map((m) => m.id)).toEqual(expected);
  });

  it('uses the client timestamp (sortKey) over the server time: a reply typed first stays first', () => {
    const early = makeMessage({ id: 'typed-first', conversationId: 'x', sortKey: 1000, createdAt: '2026-01-10T09:00:05.000Z' });
    const late = makeMessage({ id: 'typed-second', conversationId: 'x', sortKey: 2000, createdAt: '2026-01-10T09:00:01.000Z' });
    expect([late, early].sort(compareMessages).map((m) => m.id)).toEqual(['typed-first', 'typed-second']);
  });
});

describe('tab membership', () => {
  it('puts an unassigned conversation in Queue and All open, not Mine', () => {
    expect(tabsOf(makeConversation({ id: 'q', status: RequestStatus.unassigned, participants: [] }), 'me').sort()).toEqual(['all', 'queue']);
  });

  it('puts a conversation I participate in into Mine and All open', () => {
    expect(tabsOf(makeConversation({ id: 'm', participants: ['other', 'me'] }), 'me').sort()).toEqual(['all', 'mine']);
  });

  it("keeps a colleague's conversation out of Mine", () => {
    expect(tabsOf(makeConversation({ id: 'o', participants: ['other'] }), 'me')).toEqual(['all']);
  });

  it('puts closed conversations only in Closed, even if I was a participant', () => {
    expect(tabsOf(makeConversation({ id: 'c', status: RequestStatus.closed, participants: ['me'] }), 'me')).toEqual(['closed']);
  });
});

describe('tab order', () => {
  const conversations = [
    makeConversation({ id: 'new', createdAt: '2026-01-10T10:00:00.000Z', status: RequestStatus.unassigned }),
    makeConversation({ id: 'old', createdAt: '2026-01-10T08:00:00.000Z', status: RequestStatus.unassigned }),
    makeConversation({ id: 'mid', createdAt: '2026-01-10T09:00:00.000Z', status: RequestStatus.unassigned }),
  ];

  it('shows the queue oldest first, so who waited longest is on top', () => {
    expect(sortForTab('queue', conversations).map((c) => c.id)).toEqual(['old', 'mid', 'new']);
  });

  it('shows open tabs by latest activity first', () => {
    const withActivity = conversations.map((c) =>
      c.id === 'old' ? { ...c, lastMessage: { text: 'hi', type: 'text', sender: 'v', senderFullname: 'V', createdAt: '2026-01-10T11:00:00.000Z' } } : c,
    );
    expect(sortForTab('all', withActivity).map((c) => c.id)).toEqual(['old', 'new', 'mid']);
  });

  it('breaks ties by id so equal times never swap places', () => {
    const same = ['b', 'c', 'a'].map((id) => makeConversation({ id, createdAt: '2026-01-10T10:00:00.000Z' }));
    expect(sortForTab('all', same).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(sortForTab('all', [...same].reverse()).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});
