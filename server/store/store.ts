import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { Collection } from './collection.ts';
import type {
  CannedDoc, DepartmentDoc, LeadDoc, MessageDoc, PendingInvitationDoc, ProjectDoc, ProjectUserDoc, RequestDoc,
  StoredFile, SubscriptionDoc, UserDoc,
} from './types.ts';

const bool = (value: boolean | undefined): number => (value ? 1 : 0);

/**
 * Everything the server persists, in one SQLite file under the data directory. Documents are JSON with
 * indexed columns; every write path goes through `tx()` so a crash (even SIGKILL) never leaves half a change.
 */
export class Store {
  readonly db: DatabaseSync;
  readonly users: Collection<UserDoc>;
  readonly projects: Collection<ProjectDoc>;
  readonly projectUsers: Collection<ProjectUserDoc>;
  readonly departments: Collection<DepartmentDoc>;
  readonly leads: Collection<LeadDoc>;
  readonly requests: Collection<RequestDoc>;
  readonly messages: Collection<MessageDoc>;
  readonly subscriptions: Collection<SubscriptionDoc>;
  readonly canned: Collection<CannedDoc>;
  readonly invitations: Collection<PendingInvitationDoc>;
  #txDepth = 0;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new DatabaseSync(join(dataDir, 'tiledesk.sqlite'));
    this.db.exec('PRAGMA journal_mode = WAL');
    // NORMAL keeps every committed transaction across a process crash (WAL is written before COMMIT returns);
    // only an OS crash/power loss could drop the last transactions, acceptable for a local server.
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec('PRAGMA busy_timeout = 5000');

    this.users = new Collection<UserDoc>(this.db, 'users', [
      { name: 'email', type: 'TEXT', value: (u) => u.email },
    ], [['email']]);
    this.projects = new Collection<ProjectDoc>(this.db, 'projects', [
      { name: 'name', type: 'TEXT', value: (p) => p.name },
    ]);
    this.projectUsers = new Collection<ProjectUserDoc>(this.db, 'project_users', [
      { name: 'id_project', type: 'TEXT', value: (p) => p.id_project, index: true },
      { name: 'id_user', type: 'TEXT', value: (p) => p.id_user ?? null, index: true },
      { name: 'uuid_user', type: 'TEXT', value: (p) => p.uuid_user ?? null, index: true },
      { name: 'role_type', type: 'INTEGER', value: (p) => p.roleType },
      { name: 'active', type: 'INTEGER', value: (p) => bool(p.status === 'active' && !p.trashed) },
      { name: 'created_at', type: 'TEXT', value: (p) => p.createdAt },
    ]);
    this.departments = new Collection<DepartmentDoc>(this.db, 'departments', [
      { name: 'id_project', type: 'TEXT', value: (d) => d.id_project, index: true },
      { name: 'is_default', type: 'INTEGER', value: (d) => bool(d.default) },
      { name: 'created_at', type: 'TEXT', value: (d) => d.createdAt },
    ]);
    this.leads = new Collection<LeadDoc>(this.db, 'leads', [
      { name: 'id_project', type: 'TEXT', value: (l) => l.id_project },
      { name: 'lead_id', type: 'TEXT', value: (l) => l.lead_id },
    ], [['id_project', 'lead_id']]);
    this.requests = new Collection<RequestDoc>(this.db, 'requests', [
      { name: 'id_project', type: 'TEXT', value: (r) => r.id_project },
      { name: 'request_id', type: 'TEXT', value: (r) => r.request_id },
      { name: 'status', type: 'INTEGER', value: (r) => r.status, index: true },
      { name: 'preflight', type: 'INTEGER', value: (r) => bool(r.preflight) },
      { name: 'draft', type: 'INTEGER', value: (r) => bool(r.draft) },
      { name: 'department', type: 'TEXT', value: (r) => r.department ?? null },
      { name: 'lead', type: 'TEXT', value: (r) => r.lead },
      { name: 'ticket_id', type: 'INTEGER', value: (r) => r.ticket_id },
      { name: 'created_at', type: 'TEXT', value: (r) => r.createdAt },
      { name: 'updated_at', type: 'TEXT', value: (r) => r.updatedAt },
    ], [['id_project', 'request_id']]);
    this.messages = new Collection<MessageDoc>(this.db, 'messages', [
      { name: 'id_project', type: 'TEXT', value: (m) => m.id_project },
      { name: 'recipient', type: 'TEXT', value: (m) => m.recipient },
      { name: 'created_at', type: 'TEXT', value: (m) => m.createdAt },
    ]);
    this.db.exec('CREATE INDEX IF NOT EXISTS messages_conversation ON messages(id_project, recipient, created_at)');
    this.subscriptions = new Collection<SubscriptionDoc>(this.db, 'subscriptions', [
      { name: 'id_project', type: 'TEXT', value: (s) => s.id_project, index: true },
      { name: 'event', type: 'TEXT', value: (s) => s.event },
    ]);
    this.canned = new Collection<CannedDoc>(this.db, 'canned_responses', [
      { name: 'id_project', type: 'TEXT', value: (c) => c.id_project, index: true },
      { name: 'status', type: 'INTEGER', value: (c) => c.status },
      { name: 'created_at', type: 'TEXT', value: (c) => c.createdAt },
    ]);
    this.invitations = new Collection<PendingInvitationDoc>(this.db, 'pending_invitations', [
      { name: 'email', type: 'TEXT', value: (i) => i.email, index: true },
    ]);
    this.db.exec(`CREATE TABLE IF NOT EXISTS passwords (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        data BLOB NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);`);
  }

  /** Runs `fn` in one transaction; nested calls join the outer transaction. */
  tx<T>(fn: () => T): T {
    if (this.#txDepth > 0) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    this.#txDepth++;
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.#txDepth--;
    }
  }

  nextSequence(name: string): number {
    const row = this.db
      .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value')
      .get(name);
    return Number(row?.value);
  }

  /** The per-data-directory JWT secret, created on first start. */
  jwtSecret(): Uint8Array {
    return this.tx(() => {
      const row = this.db.prepare("SELECT value FROM meta WHERE key = 'jwt_secret'").get();
      if (row) return Buffer.from(row.value as string, 'hex');
      const secret = randomBytes(32);
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('jwt_secret', ?)").run(secret.toString('hex'));
      return secret;
    });
  }

  passwordHash(userId: string): string | undefined {
    const row = this.db.prepare('SELECT hash FROM passwords WHERE user_id = ?').get(userId);
    return row ? (row.hash as string) : undefined;
  }

  setPasswordHash(userId: string, hash: string): void {
    this.db.prepare('INSERT INTO passwords (user_id, hash) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash')
      .run(userId, hash);
  }

  putFile(file: StoredFile): void {
    this.db.prepare('INSERT INTO files (path, content_type, size, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(file.path, file.contentType, file.size, file.data, file.createdBy, file.createdAt);
  }

  getFile(path: string): StoredFile | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE path = ?').get(path);
    if (!row) return undefined;
    return {
      path: row.path as string,
      contentType: row.content_type as string,
      size: Number(row.size),
      data: row.data as Uint8Array,
      createdBy: row.created_by as string,
      createdAt: row.created_at as string,
    };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
