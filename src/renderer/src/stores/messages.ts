/**
 * Messages of the conversations opened in this session. Each thread is an immutable object replaced on
 * change (one reactive trigger per batch, no deep proxies over 10,000 messages).
 */
import { defineStore } from 'pinia';
import { shallowReactive } from 'vue';
import type { ChangeBatch, Conversation, Message } from '../../../shared/domain.ts';
import type { IpcError } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import type { OutgoingAttachment } from '../lib/image-file.ts';
import { compareMessages } from '../lib/ordering.ts';
import { useInboxStore } from './inbox.ts';

export const OLDER_PAGE_SIZE = 100;
/** How far back a search hit is looked for: beyond this many older pages the conversation opens at its end. */
export const MAX_PAGES_TO_FIND_MESSAGE = 20;

export interface Thread {
  readonly conversationId: string;
  /** Oldest first. */
  readonly messages: readonly Message[];
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly loadingOlder: boolean;
  /** Why the conversation could not be opened. */
  readonly error: IpcError | null;
  /** Why older history could not be loaded (the messages already shown stay). */
  readonly olderError: IpcError | null;
  /** The conversation as the last `conversation.open` returned it: shown even if it left the inbox. */
  readonly conversation: Conversation | null;
}

function emptyThread(conversationId: string): Thread {
  return { conversationId, messages: [], hasOlder: false, loading: false, loadingOlder: false, error: null, olderError: null, conversation: null };
}

/**
 * Upserts `incoming` into an ordered list. A server message whose clientId matches an outbox placeholder
 * takes the placeholder's place, so a reply never shows twice.
 */
export function mergeMessages(existing: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const byId = new Map(existing.map((message) => [message.id, message]));
  const placeholderByClientId = new Map<string, string>();
  for (const message of existing) if (message.clientId && message.id.startsWith('local:')) placeholderByClientId.set(message.clientId, message.id);
  let appendOnly = true;
  const last = existing.at(-1);
  for (const message of incoming) {
    const placeholder = message.clientId ? placeholderByClientId.get(message.clientId) : undefined;
    if (placeholder && placeholder !== message.id) {
      byId.delete(placeholder);
      appendOnly = false;
    }
    if (byId.has(message.id) || (last && compareMessages(message, last) < 0)) appendOnly = false;
    byId.set(message.id, message);
  }
  if (appendOnly) return [...existing, ...[...incoming].sort(compareMessages)];
  return [...byId.values()].sort(compareMessages);
}

/** Outbox placeholders renamed to the id the server gave them (dropped if the echo is already there). */
export function applyReplacements(messages: readonly Message[], replaced: ChangeBatch['replacedMessageIds']): Message[] {
  if (replaced.length === 0) return messages as Message[];
  const serverIdOf = new Map(replaced.map((entry) => [entry.localId, entry.serverId]));
  const present = new Set(messages.map((message) => message.id));
  const result: Message[] = [];
  let changed = false;
  for (const message of messages) {
    const serverId = serverIdOf.get(message.id);
    if (serverId === undefined) {
      result.push(message);
      continue;
    }
    changed = true;
    if (!present.has(serverId)) result.push({ ...message, id: serverId, delivery: 'sent', deliveryError: null });
  }
  return changed ? result : (messages as Message[]);
}

export const useMessagesStore = defineStore('messages', () => {
  const inbox = useInboxStore();
  const threads = shallowReactive(new Map<string, Thread>());
  /** The older-history load in flight per conversation, so callers can wait for it instead of starting another. */
  const olderLoads = new Map<string, Promise<void>>();

  function thread(conversationId: string): Thread {
    return threads.get(conversationId) ?? emptyThread(conversationId);
  }

  function update(conversationId: string, change: Partial<Thread>): void {
    threads.set(conversationId, { ...thread(conversationId), ...change });
  }

  async function open(conversationId: string): Promise<void> {
    const current = threads.get(conversationId);
    update(conversationId, { loading: current === undefined || current.messages.length === 0, error: null });
    try {
      const page = await call('conversation.open', { conversationId });
      const merged = mergeMessages(thread(conversationId).messages, page.messages);
      update(conversationId, { messages: merged, hasOlder: page.hasOlder, loading: false, conversation: page.conversation });
      if (page.conversation) inbox.upsert([page.conversation]);
    } catch (failure) {
      update(conversationId, { loading: false, error: toIpcError(failure) });
    }
  }

  function loadOlder(conversationId: string): Promise<void> {
    const inFlight = olderLoads.get(conversationId);
    if (inFlight) return inFlight;
    const current = thread(conversationId);
    const oldest = current.messages[0];
    if (!current.hasOlder || !oldest) return Promise.resolve();
    update(conversationId, { loadingOlder: true, olderError: null });
    const load = (async () => {
      try {
        const page = await call('conversation.loadOlder', { conversationId, beforeSortKey: oldest.sortKey, limit: OLDER_PAGE_SIZE });
        update(conversationId, { messages: mergeMessages(thread(conversationId).messages, page.messages), hasOlder: page.hasOlder, loadingOlder: false });
      } catch (failure) {
        update(conversationId, { loadingOlder: false, olderError: toIpcError(failure) });
      } finally {
        olderLoads.delete(conversationId);
      }
    })();
    olderLoads.set(conversationId, load);
    return load;
  }

  /** Loads older pages until `messageId` is in the thread (a search hit far back in a long conversation). */
  async function loadUntil(conversationId: string, messageId: string, maxPages = MAX_PAGES_TO_FIND_MESSAGE): Promise<boolean> {
    for (let page = 0; ; page++) {
      const current = thread(conversationId);
      if (current.messages.some((message) => message.id === messageId)) return true;
      if (page >= maxPages || !current.hasOlder) return false;
      await loadOlder(conversationId);
      if (thread(conversationId).olderError) return false;
    }
  }

  function applyBatch(batch: Pick<ChangeBatch, 'messages' | 'replacedMessageIds'>): void {
    const incoming = new Map<string, Message[]>();
    for (const message of batch.messages) {
      const list = incoming.get(message.conversationId) ?? [];
      list.push(message);
      incoming.set(message.conversationId, list);
    }
    for (const [conversationId, current] of threads) {
      const renamed = applyReplacements(current.messages, batch.replacedMessageIds);
      const merged = mergeMessages(renamed, incoming.get(conversationId) ?? []);
      if (merged !== current.messages) threads.set(conversationId, { ...current, messages: merged });
    }
  }

  function upsertOne(message: Message): void {
    if (!threads.has(message.conversationId)) return;
    update(message.conversationId, { messages: mergeMessages(thread(message.conversationId).messages, [message]) });
  }

  /** Throws IpcCallError so the composer can keep the text and say why. */
  async function send(conversationId: string, text: string, attachment?: OutgoingAttachment): Promise<void> {
    const message = await call('message.send', { conversationId, text, ...(attachment ? { attachment } : {}) });
    upsertOne(message);
  }

  async function retry(messageId: string): Promise<void> {
    upsertOne(await call('message.retry', { messageId }));
  }

  async function discard(message: Message): Promise<void> {
    await call('message.discard', { messageId: message.id });
    const current = threads.get(message.conversationId);
    if (current) update(message.conversationId, { messages: current.messages.filter((candidate) => candidate.id !== message.id) });
  }

  function reset(): void {
    threads.clear();
    olderLoads.clear();
  }

  return { threads, thread, open, loadOlder, loadUntil, applyBatch, send, retry, discard, reset };
});
