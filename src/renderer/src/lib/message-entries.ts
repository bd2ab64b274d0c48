/** The rows of the message list: messages with day separators between days, and sender grouping. */
import type { Message } from '../../../shared/domain.ts';
import { dayKey } from './format.ts';

export type MessageEntry =
  | { kind: 'day'; key: string; day: number }
  | {
      kind: 'message';
      key: string;
      message: Message;
      /** First of a group of consecutive messages from one sender: shows the name and time above it. */
      showHeader: boolean;
      /** Last of its group: its own time stays visible (the others show theirs on hover or focus). */
      lastInGroup: boolean;
    };

/** Consecutive messages from one sender within this gap share a header. */
const GROUP_GAP_MS = 5 * 60_000;

export function isSystemMessage(message: Message): boolean {
  const subtype = message.attributes.subtype;
  return message.author === 'system' || subtype === 'info' || subtype === 'info/support';
}

export function buildEntries(messages: readonly Message[]): MessageEntry[] {
  const entries: MessageEntry[] = [];
  let currentDay: number | null = null;
  let previous: Message | null = null;
  let previousEntry: Extract<MessageEntry, { kind: 'message' }> | null = null;
  for (const message of messages) {
    const day = dayKey(message.sortKey);
    if (day !== currentDay) {
      entries.push({ kind: 'day', key: `day:${day}`, day });
      currentDay = day;
      previous = null;
    }
    const grouped =
      previous !== null &&
      !isSystemMessage(previous) &&
      previous.sender === message.sender &&
      message.sortKey - previous.sortKey < GROUP_GAP_MS;
    if (grouped && previousEntry) previousEntry.lastInGroup = false;
    const entry = { kind: 'message' as const, key: message.clientId ? `c:${message.clientId}` : `m:${message.id}`, message, showHeader: !grouped, lastInGroup: true };
    entries.push(entry);
    previous = message;
    previousEntry = entry;
  }
  return entries;
}
