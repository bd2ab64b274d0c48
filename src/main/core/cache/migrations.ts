/**
 * The cache schema, as an ordered list of migrations: migration N brings `PRAGMA user_version` from N-1 to N.
 * Append new migrations at the end; never edit one that has shipped.
 */
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    description: 'meta, conversations, messages, full-text indexes, outbox, team',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      -- seq is the stable rowid the full-text index points at; id is the Tiledesk request_id.
      CREATE TABLE conversations (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        status INTEGER NOT NULL,
        -- The later of updatedAt and lastMessage.createdAt, in epoch ms: a message does not touch the request.
        activity_at INTEGER NOT NULL,
        -- closedAt (or updatedAt) in epoch ms while status >= 1000, else NULL: the retention age.
        closed_at INTEGER,
        doc TEXT NOT NULL
      );
      CREATE INDEX conversations_by_status_activity ON conversations (status, activity_at);
      CREATE INDEX conversations_by_closed_at ON conversations (closed_at) WHERE closed_at IS NOT NULL;

      -- No foreign key to conversations: a live message may arrive before its conversation is cached.
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        sort_key REAL NOT NULL,
        created_at INTEGER NOT NULL,
        client_id TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX messages_by_conversation_order ON messages (conversation_id, sort_key, created_at);
      CREATE INDEX messages_by_client_id ON messages (client_id) WHERE client_id IS NOT NULL;

      -- External-content FTS5 tables read their text from these views; the triggers below keep the
      -- indexes in the same transaction as the row change.
      CREATE VIEW message_search_source AS
        SELECT seq, json_extract(doc, '$.text') AS text FROM messages;
      CREATE VIEW conversation_search_source AS
        SELECT seq, json_extract(doc, '$.visitor.name') AS visitor_name, json_extract(doc, '$.firstText') AS first_text
        FROM conversations;

      CREATE VIRTUAL TABLE message_search USING fts5(
        text,
        content = 'message_search_source', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE VIRTUAL TABLE conversation_search USING fts5(
        visitor_name, first_text,
        content = 'conversation_search_source', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER messages_indexed AFTER INSERT ON messages BEGIN
        INSERT INTO message_search (rowid, text) VALUES (new.seq, json_extract(new.doc, '$.text'));
      END;
      CREATE TRIGGER messages_unindexed AFTER DELETE ON messages BEGIN
        INSERT INTO message_search (message_search, rowid, text)
          VALUES ('delete', old.seq, json_extract(old.doc, '$.text'));
      END;
      CREATE TRIGGER messages_reindexed AFTER UPDATE OF doc ON messages
        WHEN json_extract(old.doc, '$.text') IS NOT json_extract(new.doc, '$.text') BEGIN
        INSERT INTO message_search (message_search, rowid, text)
          VALUES ('delete', old.seq, json_extract(old.doc, '$.text'));
        INSERT INTO message_search (rowid, text) VALUES (new.seq, json_extract(new.doc, '$.text'));
      END;

      CREATE TRIGGER conversations_indexed AFTER INSERT ON conversations BEGIN
        INSERT INTO conversation_search (rowid, visitor_name, first_text)
          VALUES (new.seq, json_extract(new.doc, '$.visitor.name'), json_extract(new.doc, '$.firstText'));
      END;
      CREATE TRIGGER conversations_unindexed AFTER DELETE ON conversations BEGIN
        INSERT INTO conversation_search (conversation_search, rowid, visitor_name, first_text)
          VALUES ('delete', old.seq, json_extract(old.doc, '$.visitor.name'), json_extract(old.doc, '$.firstText'));
      END;
      CREATE TRIGGER conversations_reindexed AFTER UPDATE OF doc ON conversations
        WHEN json_extract(old.doc, '$.visitor.name') IS NOT json_extract(new.doc, '$.visitor.name')
          OR json_extract(old.doc, '$.firstText') IS NOT json_extract(new.doc, '$.firstText') BEGIN
        INSERT INTO conversation_search (conversation_search, rowid, visitor_name, first_text)
          VALUES ('delete', old.seq, json_extract(old.doc, '$.visitor.name'), json_extract(old.doc, '$.firstText'));
        INSERT INTO conversation_search (rowid, visitor_name, first_text)
          VALUES (new.seq, json_extract(new.doc, '$.visitor.name'), json_extract(new.doc, '$.firstText'));
      END;

      -- Replies not yet accepted by the server, in creation order (seq breaks createdAt ties).
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'failed')),
        attempts INTEGER NOT NULL,
        last_error TEXT,
        next_attempt_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE team_members (
        position INTEGER PRIMARY KEY,
        doc TEXT NOT NULL
      );
    `,
  },
];

export const latestSchemaVersion = migrations.length;

/** Thrown when the file was written by a newer app version whose schema this one does not know. */
export class FutureSchemaError extends Error {
  constructor(version: number) {
    super(`Cache schema version ${version} is newer than this app's ${latestSchemaVersion}`);
    this.name = 'FutureSchemaError';
  }
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/** Applies every pending migration, each in its own transaction together with its version bump. */
export function migrate(db: DatabaseSync): void {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) throw new FutureSchemaError(current);
  for (let version = current + 1; version <= latestSchemaVersion; version++) {
    const migration = migrations[version - 1] as Migration;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
