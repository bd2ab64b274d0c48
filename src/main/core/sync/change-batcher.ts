/**
 * Coalesces sync changes into one `sync.batch` per flush window: a burst of hundreds of frames reaches the renderer
 * as a handful of IPC messages. Later changes to the same conversation or message replace earlier ones.
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

export function createChangeBatcher(options: { flushMs: number; emit: (batch: ChangeBatch) => void; afterFlush?: () => void }): ChangeBatcher {
  let conversations = new Map<string, Conversation>();
  let removed = new Set<string>();
  let messages = new Map<string, Message>();
  let replaced: ChangeBatch['replacedMessageIds'] = [];
  let team: TeamMember[] | null = null;
  let availability: Availability | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function schedule() {
    if (timer || disposed) return;
    timer = setTimeout(flush, options.flushMs);
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
