/**
 * One folder per account (server + user) under the host's data dir, one cache file per project inside it:
 * a project switch never mixes conversations, and "sign out and wipe" removes exactly that account's data.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export function accountDir(dataDir: string, serverUrl: string, userId: string): string {
  const key = createHash('sha256').update(`${serverUrl}\n${userId}`).digest('hex').slice(0, 24);
  return join(dataDir, 'accounts', key);
}

export function projectCachePath(dataDir: string, serverUrl: string, userId: string, projectId: string): string {
  return join(accountDir(dataDir, serverUrl, userId), `${safeName(projectId)}.sqlite`);
}

export function projectOutboxFilesDir(dataDir: string, serverUrl: string, userId: string, projectId: string): string {
  return join(accountDir(dataDir, serverUrl, userId), `${safeName(projectId)}-outbox`);
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
}
