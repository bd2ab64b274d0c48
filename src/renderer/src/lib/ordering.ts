/** Ordering and tab membership: the rules the inbox and the message list are built on. */
import { RequestStatus } from '../../../shared/constants.ts';
import type { Conversation, Message } from '../../../shared/domain.ts';

/** Messages: `sortKey`, then `createdAt`, then id, so equal keys never swap between renders. */
export function compareMessages(a: Message, b: Message): number {
  if (a.sortKey !== b.sortKey) return a.sortKey - b.sortKey;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type InboxTab = 'queue' | 'mine' | 'all' | 'closed';
export const inboxTabs: readonly InboxTab[] = ['queue', 'mine', 'all', 'closed'];

export function isClosed(conversation: Conversation): boolean {
  return conversation.status >= RequestStatus.closed;
}

export function isQueued(conversation: Conversation): boolean {
  return conversation.status === RequestStatus.unassigned;
}

export function isMine(conversation: Conversation, myUserId: string | null): boolean {
  return myUserId !== null && !isClosed(conversation) && conversation.participants.includes(myUserId);
}

/** Which tabs a conversation shows up in. "All open" is whatever the core lets this agent see. */
export function tabsOf(conversation: Conversation, myUserId: string | null): InboxTab[] {
  if (isClosed(conversation)) return ['closed'];
  const tabs: InboxTab[] = ['all'];
  if (isQueued(conversation)) tabs.push('queue');
  if (isMine(conversation, myUserId)) tabs.push('mine');
  return tabs;
}

function time(value: string | null | undefined): number {
  if (!value) return 0;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** When the conversation last moved: its last message, else its last update. */
export function lastActivityAt(conversation: Conversation): number {
  return Math.max(time(conversation.lastMessage?.createdAt), time(conversation.createdAt));
}

/**
 * Per-tab order as one number, ascending: the queue oldest first (who has waited longest), open tabs by
 * latest activity, closed by closing time.
 */
export function orderKey(tab: InboxTab, conversation: Conversation): number {
  switch (tab) {
    case 'queue':
      return time(conversation.createdAt);
    case 'closed':
      return -time(conversation.closedAt ?? conversation.updatedAt);
    default:
      return -lastActivityAt(conversation);
  }
}

/** Sorts a tab's conversations by `orderKey`, ids breaking ties so the order never flickers. Keys are computed once per item. */
export function sortForTab(tab: InboxTab, conversations: readonly Conversation[]): Conversation[] {
  const keyed = conversations.map((conversation) => ({ key: orderKey(tab, conversation), conversation }));
  keyed.sort((a, b) => a.key - b.key || (a.conversation.id < b.conversation.id ? -1 : a.conversation.id > b.conversation.id ? 1 : 0));
  return keyed.map((entry) => entry.conversation);
}
