/**
 * The durable local copy of one account's data (one SQLite file per server+user).
 * Implemented by ./sqlite-cache.ts on node:sqlite (WAL, FTS5, migrations); used by the sync engine and outbox.
 * All writes are transactional; appends never rewrite unrelated rows.
 */
import type { Conversation, Message, SearchHit, TeamMember } from '../../../shared/domain.ts';

export interface OutboxEntry {
  /** The client message id, also sent as `attributes.clientMessageId`. */
  clientId: string;
  conversationId: string;
  /** The JSON body for POST /:project_id/requests/:request_id/messages, kept verbatim for resends. */
  body: Record<string, unknown>;
  state: 'pending' | 'sending' | 'failed';
  attempts: number;
  lastError: string | null;
  /** Epoch ms before which no retry is made. */
  nextAttemptAt: number;
  createdAt: number;
}

export interface RetentionPolicy {
  maxAgeDays: number;
  maxMessages: number;
}

export interface CacheStore {
  readonly path: string;

  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;

  /** Upserts conversations (by `id`), keeping the cached `unreadCount` unless the given value differs. */
  upsertConversations(conversations: Conversation[]): void;
  removeConversations(ids: string[]): void;
  getConversation(id: string): Conversation | null;
  /** Open conversations (status < 1000), newest activity first. */
  listOpenConversations(): Conversation[];
  listClosedConversations(offset: number, limit: number): Conversation[];
  setUnread(conversationId: string, unreadCount: number): void;

  /** Inserts messages not yet cached (dedupe by `id`), updates the ones that are. Returns the ones that were new. */
  upsertMessages(messages: Message[]): Message[];
  /** Replaces an outbox placeholder (`local:<clientId>`) by the server echo. */
  replaceMessage(localId: string, message: Message): void;
  /** Ordered by sortKey then createdAt, oldest first; the `limit` newest before `beforeSortKey`. */
  listMessages(conversationId: string, options: { beforeSortKey?: number; limit: number }): { messages: Message[]; hasOlder: boolean };
  /** The highest sortKey cached for a conversation, for REST catch-up. */
  latestMessageSortKey(conversationId: string): number | null;
  findMessageByClientId(clientId: string): Message | null;

  /** FTS5 over message text, visitor names and request first text. */
  search(query: string, limit: number): SearchHit[];

  saveTeam(team: TeamMember[]): void;
  loadTeam(): TeamMember[];

  outboxAdd(entry: OutboxEntry): void;
  outboxUpdate(clientId: string, changes: Partial<Omit<OutboxEntry, 'clientId'>>): void;
  outboxRemove(clientId: string): void;
  /** In creation order. */
  outboxList(): OutboxEntry[];

  /** Evicts the oldest closed conversations (and their messages) beyond the policy. Returns evicted ids. */
  enforceRetention(policy: RetentionPolicy, now: number): string[];

  close(): void;
}
