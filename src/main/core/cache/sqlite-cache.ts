/**
 * The offline cache on node:sqlite (no native addon): one file per account, WAL, versioned schema
 * (./migrations.ts), conversations and messages kept as JSON documents beside the columns the queries need,
 * FTS5 indexes kept in sync by triggers inside the writing transaction.
 * A file that cannot be used is moved aside and replaced by a fresh cache: the app never fails to start over it.
 */
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Conversation, Message, SearchHit, TeamMember } from '../../../shared/domain.ts';
import { RequestStatus } from '../../../shared/domain.ts';
import type { Logger } from '../ports.ts';
import type { CacheStore, OutboxEntry, RetentionPolicy } from './cache-store.ts';
import { FutureSchemaError, migrate } from './migrations.ts';

const DAY_MS = 86_400_000;
const LOCAL_ID_PREFIX = 'local:';
/** Enough for any real query; keeps a pasted paragraph from becoming a huge FTS expression. */
const MAX_SEARCH_TERMS = 16;
const SNIPPET_TOKENS = 16;
/** About SQLite's default checkpoint point (1000 pages). */
const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
const CHECKPOINT_WAL_HARD_LIMIT_BYTES = 16 * 1024 * 1024;

/** SQLite result codes that say the file could not be reached (locked, unwritable, disk full): moving it aside would not help. */
const SQLITE_ACCESS_ERRORS = new Set([3 /* PERM */, 5 /* BUSY */, 6 /* LOCKED */, 8 /* READONLY */, 10 /* IOERR */, 13 /* FULL */, 14 /* CANTOPEN */]);

class CorruptCacheError extends Error {
  constructor(detail: string) {
    super(`Cache integrity check failed: ${detail}`);
    this.name = 'CorruptCacheError';
  }
}

export function openCacheStore(filePath: string, logger: Logger): CacheStore {
  try {
    return openFileCache(filePath, logger);
  } catch (error) {
    if (!isUnusableFile(error)) return openInMemory(`Cannot open the cache at ${filePath}`, error, logger);
    let movedTo: string;
    try {
      movedTo = moveAside(filePath);
    } catch (moveError) {
      return openInMemory(`Cannot move the unusable cache ${filePath} aside`, moveError, logger);
    }
    logger.warn(`The cache was unusable and has been moved to ${movedTo}; starting with an empty cache`, describeError(error));
    try {
      return openFileCache(filePath, logger);
    } catch (freshError) {
      return openInMemory(`Cannot create a fresh cache at ${filePath}`, freshError, logger);
    }
  }
}

function openFileCache(filePath: string, logger: Logger): CacheStore {
  const db = openDatabase(filePath);
  try {
    // Preparing the statements also proves the tables have the columns this version expects.
    const cache = createSqliteCache(db, filePath, logger);
    // Only once the file is known to be ours: switching to WAL writes to the file header.
    db.exec('PRAGMA journal_mode = WAL');
    // Checkpoints run after the write that needed them, not inside it (see scheduleCheckpoint).
    db.exec('PRAGMA wal_autocheckpoint = 0');
    // From now on a crash leaves no marker, so the next start checks the file.
    db.prepare('DELETE FROM meta WHERE key = ?').run(CLEAN_SHUTDOWN_KEY);
    return cache;
  } catch (error) {
    db.close();
    throw error;
  }
}

function openDatabase(filePath: string): DatabaseSync {
  mkdirSync(dirname(filePath), { recursive: true });
  const db = new DatabaseSync(filePath);
  try {
    configureConnection(db);
    // After a crash (no clean-shutdown marker), catch a truncated or damaged file now, at start-up, rather than
    // on some later read. After a clean close the check is skipped: it costs hundreds of ms on a big cache.
    if (!closedCleanly(db)) {
      const problems = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
      if (problems.length !== 1 || problems[0]?.quick_check !== 'ok') {
        throw new CorruptCacheError(problems.map((row) => row.quick_check).slice(0, 3).join('; '));
      }
    }
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** meta key written by close() and removed at open: missing at open means the last session did not close. */
export const CLEAN_SHUTDOWN_KEY = 'clean-shutdown';

function closedCleanly(db: DatabaseSync): boolean {
  try {
    return db.prepare('SELECT 1 AS ok FROM meta WHERE key = ?').get(CLEAN_SHUTDOWN_KEY) !== undefined;
  } catch {
    // No meta table (new, empty or foreign file) or unreadable: treat as unclean.
    return false;
  }
}

function configureConnection(db: DatabaseSync): void {
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}

/** Last resort: the app keeps working for this session, nothing is persisted. */
function openInMemory(reason: string, error: unknown, logger: Logger): CacheStore {
  logger.error(`${reason}; this session uses a temporary in-memory cache`, describeError(error));
  const db = new DatabaseSync(':memory:');
  configureConnection(db);
  migrate(db);
  return createSqliteCache(db, ':memory:', logger);
}

function isUnusableFile(error: unknown): boolean {
  if (error instanceof FutureSchemaError || error instanceof CorruptCacheError) return true;
  const code = sqliteErrorCode(error);
  if (code === null) return false;
  // Anything else SQLite reports while opening and migrating (not a database, corrupt, a foreign schema) is
  // about the file's content. Extended codes carry the primary code in their low byte.
  return !SQLITE_ACCESS_ERRORS.has(code & 0xff);
}

function sqliteErrorCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' ? errcode : null;
}

/** SQLite removes the file's -wal and -shm when the failed connection closes, so only the file itself moves. */
function moveAside(filePath: string): string {
  const target = `${filePath}.corrupt-${Date.now()}`;
  renameSync(filePath, target);
  return target;
}

function walBytes(databasePath: string): number {
  try {
    return statSync(`${databasePath}-wal`).size;
  } catch {
    return 0;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function epochMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Turns arbitrary user text into an FTS5 expression that cannot be a syntax error: every term is a quoted
 * string (so AND, OR, NEAR, parentheses, `*`, `:` and quotes are plain text), all terms must match, and the
 * last one matches as a prefix (search as you type). Null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/u)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term, index) => `"${term.replaceAll('"', '""')}"${index === terms.length - 1 ? '*' : ''}`).join(' ');
}

interface MessageRow {
  seq: number;
  sort_key: number;
  doc: string;
}

interface OutboxRow {
  client_id: string;
  conversation_id: string;
  body: string;
  state: OutboxEntry['state'];
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  created_at: number;
}

function createSqliteCache(db: DatabaseSync, path: string, logger: Logger): CacheStore {
  const sql = (text: string): StatementSync => db.prepare(text);
  const statements = {
    begin: sql('BEGIN IMMEDIATE'),
    commit: sql('COMMIT'),
    rollback: sql('ROLLBACK'),

    getMeta: sql('SELECT value FROM meta WHERE key = ?'),
    setMeta: sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),

    upsertConversation: sql(`
      INSERT INTO conversations (id, status, activity_at, closed_at, doc) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        status = excluded.status, activity_at = excluded.activity_at, closed_at = excluded.closed_at, doc = excluded.doc
      WHERE conversations.doc IS NOT excluded.doc`),
    deleteConversation: sql('DELETE FROM conversations WHERE id = ?'),
    getConversation: sql('SELECT doc FROM conversations WHERE id = ?'),
    listOpenConversations: sql(`SELECT doc FROM conversations WHERE status < ${RequestStatus.closed} ORDER BY activity_at DESC, seq DESC`),
    listClosedConversations: sql('SELECT doc FROM conversations WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, seq DESC LIMIT ? OFFSET ?'),
    setUnread: sql(`UPDATE conversations SET doc = json_set(doc, '$.unreadCount', ?) WHERE id = ? AND json_extract(doc, '$.unreadCount') IS NOT ?`),

    insertMessage: sql(`
      INSERT INTO messages (id, conversation_id, sort_key, created_at, client_id, doc) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO NOTHING`),
    updateMessage: sql(`
      UPDATE messages SET conversation_id = ?, sort_key = ?, created_at = ?, client_id = ?, doc = ?
      WHERE id = ? AND doc IS NOT ?`),
    deleteMessage: sql('DELETE FROM messages WHERE id = ?'),
    deleteConversationMessages: sql('DELETE FROM messages WHERE conversation_id = ?'),
    newestMessages: sql(`
      SELECT seq, sort_key, doc FROM messages WHERE conversation_id = ?
      ORDER BY sort_key DESC, created_at DESC, seq DESC LIMIT ?`),
    newestMessagesBefore: sql(`
      SELECT seq, sort_key, doc FROM messages WHERE conversation_id = ? AND sort_key < ?
      ORDER BY sort_key DESC, created_at DESC, seq DESC LIMIT ?`),
    messagesAtSortKey: sql(`
      SELECT seq, sort_key, doc FROM messages WHERE conversation_id = ? AND sort_key = ?
      ORDER BY created_at DESC, seq DESC`),
    hasMessageBefore: sql('SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND sort_key < ?) AS found'),
    latestServerSortKey: sql(`SELECT MAX(sort_key) AS sortKey FROM messages WHERE conversation_id = ? AND id NOT LIKE '${LOCAL_ID_PREFIX}%'`),
    // The server echo wins over the outbox placeholder when both are cached.
    findMessageByClientId: sql(`SELECT doc FROM messages WHERE client_id = ? ORDER BY id LIKE '${LOCAL_ID_PREFIX}%', seq LIMIT 1`),
    countMessages: sql('SELECT COUNT(*) AS total FROM messages'),

    searchConversations: sql(`
      SELECT c.id AS conversationId, json_extract(c.doc, '$.createdAt') AS createdAt,
        snippet(conversation_search, -1, '', '', '…', ${SNIPPET_TOKENS}) AS snippet
      FROM conversation_search JOIN conversations c ON c.seq = conversation_search.rowid
      WHERE conversation_search MATCH ? ORDER BY conversation_search.rowid DESC LIMIT ?`),
    // rowid order is arrival order: newest cached matches first, without sorting every match.
    searchMessages: sql(`
      SELECT m.conversation_id AS conversationId, m.id AS messageId, json_extract(m.doc, '$.createdAt') AS createdAt,
        snippet(message_search, 0, '', '', '…', ${SNIPPET_TOKENS}) AS snippet
      FROM message_search JOIN messages m ON m.seq = message_search.rowid
      WHERE message_search MATCH ? ORDER BY message_search.rowid DESC LIMIT ?`),

    deleteTeam: sql('DELETE FROM team_members'),
    insertTeamMember: sql('INSERT INTO team_members (position, doc) VALUES (?, ?)'),
    loadTeam: sql('SELECT doc FROM team_members ORDER BY position'),

    outboxInsert: sql(`
      INSERT INTO outbox (client_id, conversation_id, body, state, attempts, last_error, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    outboxGet: sql('SELECT * FROM outbox WHERE client_id = ?'),
    outboxWrite: sql(`
      UPDATE outbox SET conversation_id = ?, body = ?, state = ?, attempts = ?, last_error = ?, next_attempt_at = ?, created_at = ?
      WHERE client_id = ?`),
    outboxDelete: sql('DELETE FROM outbox WHERE client_id = ?'),
    outboxList: sql('SELECT * FROM outbox ORDER BY created_at, seq'),

    // Closed conversations, plus messages whose conversation is not cached (counted by their newest message),
    // oldest first: the eviction order.
    retentionCandidates: sql(`
      SELECT c.id AS id, c.closed_at AS age, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messageCount
      FROM conversations c WHERE c.closed_at IS NOT NULL
      UNION ALL
      SELECT conversation_id, MAX(created_at), COUNT(*) FROM messages
      WHERE conversation_id NOT IN (SELECT id FROM conversations) GROUP BY conversation_id
      ORDER BY age ASC`),
  };

  let checkpointQueued = false;

  function checkpoint(): void {
    try {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (error) {
      logger.warn('Cache checkpoint failed; it is retried after the next write', describeError(error));
    }
  }

  /**
   * SQLite's automatic checkpoint copies the WAL back into the file inside the commit that crosses the limit,
   * stalling that one write for milliseconds. Here it runs on the next turn of the event loop instead, so a
   * burst of appends is never held up by it; only when the loop never turns does the WAL get checkpointed inline.
   */
  function scheduleCheckpoint(): void {
    if (path === ':memory:') return;
    const wal = walBytes(path);
    if (wal >= CHECKPOINT_WAL_HARD_LIMIT_BYTES) return checkpoint();
    if (checkpointQueued || wal < CHECKPOINT_WAL_BYTES) return;
    checkpointQueued = true;
    setImmediate(() => {
      checkpointQueued = false;
      if (db.isOpen) checkpoint();
    });
  }

  function transaction<T>(work: () => T): T {
    statements.begin.run();
    try {
      const result = work();
      statements.commit.run();
      scheduleCheckpoint();
      return result;
    } catch (error) {
      // Some errors (disk full, I/O) have already rolled the transaction back.
      if (db.isTransaction) statements.rollback.run();
      throw error;
    }
  }

  function writeConversation(conversation: Conversation): void {
    const updatedAt = epochMs(conversation.updatedAt) ?? epochMs(conversation.createdAt) ?? 0;
    const activityAt = Math.max(updatedAt, epochMs(conversation.lastMessage?.createdAt ?? null) ?? 0);
    const closedAt = conversation.status >= RequestStatus.closed ? (epochMs(conversation.closedAt) ?? updatedAt) : null;
    statements.upsertConversation.run(conversation.id, conversation.status, activityAt, closedAt, JSON.stringify(conversation));
  }

  /** True when the message was not cached yet. */
  function writeMessage(message: Message): boolean {
    const createdAt = epochMs(message.createdAt) ?? 0;
    const sortKey = Number.isFinite(message.sortKey) ? message.sortKey : createdAt;
    const doc = JSON.stringify(message);
    const inserted = statements.insertMessage.run(message.id, message.conversationId, sortKey, createdAt, message.clientId, doc);
    if (inserted.changes > 0) return true;
    statements.updateMessage.run(message.conversationId, sortKey, createdAt, message.clientId, doc, message.id, doc);
    return false;
  }

  function removeConversation(id: string): void {
    statements.deleteConversationMessages.run(id);
    statements.deleteConversation.run(id);
  }

  function parseDocs<T>(rows: unknown[]): T[] {
    return rows.map((row) => JSON.parse((row as { doc: string }).doc) as T);
  }

  function toOutboxEntry(row: OutboxRow): OutboxEntry {
    return {
      clientId: row.client_id,
      conversationId: row.conversation_id,
      body: JSON.parse(row.body) as Record<string, unknown>,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: row.next_attempt_at,
      createdAt: row.created_at,
    };
  }

  return {
    path,

    getMeta(key) {
      const row = statements.getMeta.get(key) as { value: string } | undefined;
      return row?.value ?? null;
    },
    setMeta(key, value) {
      statements.setMeta.run(key, value);
    },

    upsertConversations(conversations) {
      if (conversations.length === 0) return;
      transaction(() => conversations.forEach(writeConversation));
    },
    removeConversations(ids) {
      if (ids.length === 0) return;
      transaction(() => ids.forEach(removeConversation));
    },
    getConversation(id) {
      const row = statements.getConversation.get(id) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as Conversation) : null;
    },
    listOpenConversations() {
      return parseDocs<Conversation>(statements.listOpenConversations.all());
    },
    listClosedConversations(offset, limit) {
      return parseDocs<Conversation>(statements.listClosedConversations.all(Math.max(0, limit), Math.max(0, offset)));
    },
    setUnread(conversationId, unreadCount) {
      statements.setUnread.run(unreadCount, conversationId, unreadCount);
    },

    upsertMessages(messages) {
      if (messages.length === 0) return [];
      return transaction(() => messages.filter(writeMessage));
    },
    replaceMessage(localId, message) {
      transaction(() => {
        if (localId !== message.id) statements.deleteMessage.run(localId);
        writeMessage(message);
      });
    },
    listMessages(conversationId, { beforeSortKey, limit }) {
      const pageSize = Math.max(1, limit);
      const newestFirst = (
        beforeSortKey === undefined
          ? statements.newestMessages.all(conversationId, pageSize)
          : statements.newestMessagesBefore.all(conversationId, beforeSortKey, pageSize)
      ) as unknown as MessageRow[];
      const oldest = newestFirst.at(-1);
      if (newestFirst.length < pageSize || oldest === undefined) {
        return { messages: parseDocs<Message>(newestFirst.reverse()), hasOlder: false };
      }
      // Messages sharing the oldest sortKey are never split across pages: paging by `beforeSortKey` would skip the rest.
      const boundaryGroup = statements.messagesAtSortKey.all(conversationId, oldest.sort_key) as unknown as MessageRow[];
      const page = newestFirst.filter((row) => row.sort_key !== oldest.sort_key).concat(boundaryGroup);
      const { found } = statements.hasMessageBefore.get(conversationId, oldest.sort_key) as { found: number };
      return { messages: parseDocs<Message>(page.reverse()), hasOlder: found === 1 };
    },
    latestMessageSortKey(conversationId) {
      const row = statements.latestServerSortKey.get(conversationId) as { sortKey: number | null } | undefined;
      return row?.sortKey ?? null;
    },
    findMessageByClientId(clientId) {
      const row = statements.findMessageByClientId.get(clientId) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as Message) : null;
    },

    search(query, limit) {
      const expression = toFtsQuery(query);
      if (expression === null || limit <= 0) return [];
      const conversationHits = (statements.searchConversations.all(expression, limit) as Omit<SearchHit, 'messageId'>[]).map(
        (hit): SearchHit => ({ ...hit, messageId: null }),
      );
      const remaining = limit - conversationHits.length;
      const messageHits = remaining > 0 ? (statements.searchMessages.all(expression, remaining) as SearchHit[]) : [];
      return [...conversationHits, ...messageHits].map((hit) => ({
        conversationId: hit.conversationId,
        messageId: hit.messageId,
        snippet: hit.snippet ?? '',
        createdAt: hit.createdAt ?? '',
      }));
    },

    saveTeam(team) {
      transaction(() => {
        statements.deleteTeam.run();
        team.forEach((member, position) => statements.insertTeamMember.run(position, JSON.stringify(member)));
      });
    },
    loadTeam() {
      return parseDocs<TeamMember>(statements.loadTeam.all());
    },

    outboxAdd(entry) {
      statements.outboxInsert.run(
        entry.clientId,
        entry.conversationId,
        JSON.stringify(entry.body),
        entry.state,
        entry.attempts,
        entry.lastError,
        entry.nextAttemptAt,
        entry.createdAt,
      );
    },
    outboxUpdate(clientId, changes) {
      transaction(() => {
        const row = statements.outboxGet.get(clientId) as OutboxRow | undefined;
        if (!row) return;
        const entry = { ...toOutboxEntry(row), ...changes };
        statements.outboxWrite.run(
          entry.conversationId,
          JSON.stringify(entry.body),
          entry.state,
          entry.attempts,
          entry.lastError,
          entry.nextAttemptAt,
          entry.createdAt,
          clientId,
        );
      });
    },
    outboxRemove(clientId) {
      statements.outboxDelete.run(clientId);
    },
    outboxList() {
      return (statements.outboxList.all() as unknown as OutboxRow[]).map(toOutboxEntry);
    },

    enforceRetention(policy: RetentionPolicy, now: number) {
      const cutoff = now - policy.maxAgeDays * DAY_MS;
      return transaction(() => {
        let total = (statements.countMessages.get() as { total: number }).total;
        const evicted: string[] = [];
        const candidates = statements.retentionCandidates.all() as { id: string; age: number; messageCount: number }[];
        for (const candidate of candidates) {
          if (candidate.age >= cutoff && total <= policy.maxMessages) break;
          removeConversation(candidate.id);
          total -= candidate.messageCount;
          evicted.push(candidate.id);
        }
        return evicted;
      });
    },

    close() {
      if (!db.isOpen) return;
      try {
        statements.setMeta.run(CLEAN_SHUTDOWN_KEY, String(Date.now()));
      } catch (error) {
        logger.warn('Could not record the clean shutdown of the cache', describeError(error));
      }
      db.close();
    },
  };
}
