/**
 * Coalesces sync changes into one `sync.batch` per flush window: a burst of hundreds of frames reaches the renderer
 * as a handful of IPC messages. Later changes to the same conversation or message replace earlier ones.
 *
 * Leading edge: when the last flush is at least `idleMs` old (a whole window by default), pending changes go
 * out on the next macrotask (changes made in the same task still share one batch), so a lone message does not
 * wait a window. A change arriving sooner after a flush (a burst) waits for the end of the window that flush
 * opened, so a burst still reaches the renderer as at most one batch per window.
 */
import type { Availability, ChangeBatch, Conversation, Message, TeamMember } from '../../../shared/domain.ts';

export interface ChangeBatcher {
  conversation(conversation: Conversation): void;
  removed(conversationId: string): void;
  message(message: Message): void;
  replaced(localId: string, serverId: string): void;
  team(team: TeamMember[]): void;
  availability(availability: Availability): void;
  /** Sends what is pending now (tests, dispose). */
  flush(): void;
  dispose(): void;
}

export interface ChangeBatcherOptions {
  /** The coalescing window during a burst. */
  flushMs: number;
  /** How long after a flush the batcher counts as idle again (≤ flushMs; default flushMs). */
  idleMs?: number;
  emit: (batch: ChangeBatch) => void;
  afterFlush?: () => void;
}

export function createChangeBatcher(options: ChangeBatcherOptions): ChangeBatcher {
  const idleMs = Math.min(options.idleMs ?? options.flushMs, options.flushMs);
  let conversations = new Map<string, Conversation>();
  let removed = new Set<string>();
  let messages = new Map<string, Message>();
  let replaced: ChangeBatch['replacedMessageIds'] = [];
  let team: TeamMember[] | null = null;
  let availability: Availability | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  /** When the last batch went out (epoch ms); -Infinity before the first one. */
  let lastFlushAt = Number.NEGATIVE_INFINITY;

  function schedule() {
    if (timer || disposed) return;
    const sinceFlush = Date.now() - lastFlushAt;
    // Idle: next macrotask. Mid-burst: the rest of the window the previous flush opened.
    const delay = sinceFlush >= idleMs ? 0 : options.flushMs - sinceFlush;
    timer = setTimeout(flush, delay);
  }

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (conversations.size === 0 && removed.size === 0 && messages.size === 0 && replaced.length === 0 && !team && !availability) return;
    const batch: ChangeBatch = {
      conversations: [...conversations.values()],
      removedConversationIds: [...removed],
      messages: [...messages.values()],
      replacedMessageIds: replaced,
      team,
      availability,
    };
    conversations = new Map();
    removed = new Set();
    messages = new Map();
    replaced = [];
    team = null;
    availability = null;
    lastFlushAt = Date.now();
    options.emit(batch);
    options.afterFlush?.();
  }

  return {
    conversation(conversation) {
      removed.delete(conversation.id);
      conversations.set(conversation.id, conversation);
      schedule();
    },
    removed(conversationId) {
      conversations.delete(conversationId);
      removed.add(conversationId);
      schedule();
    },
    message(message) {
      messages.set(message.id, message);
      schedule();
    },
    replaced(localId, serverId) {
      messages.delete(localId);
      replaced.push({ localId, serverId });
      schedule();
    },
    team(members) {
      team = members;
      schedule();
    },
    availability(value) {
      availability = value;
      schedule();
    },
    flush,
    dispose() {
      flush();
      disposed = true;
    },
  };
}
