/**
 * What survives a restart of the session: the token (only ever in the host's secret store, never sent to the
 * renderer), the signed-in user, the projects list and the chosen project. A token of null marks a session that
 * a 401 ended: the account's cache stays readable until the agent signs in again.
 * The last server URL and e-mail (no secret) are kept in a plain file to prefill the sign-in form.
 */
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectSummary, UserSummary } from '../../../shared/domain.ts';
import type { Logger, SecretStore } from '../ports.ts';

export const PersistedSession = z.object({
  serverUrl: z.string(),
  token: z.string().nullable(),
  user: UserSummary,
  projects: z.array(ProjectSummary),
  projectId: z.string().nullable(),
});
export type PersistedSession = z.infer<typeof PersistedSession>;

const SignInHint = z.object({ serverUrl: z.string(), email: z.string() });
export type SignInHint = z.infer<typeof SignInHint>;

export function createSessionStore(secretStore: SecretStore, dataDir: string, logger: Logger) {
  const hintPath = join(dataDir, 'last-sign-in.json');
  return {
    async load(): Promise<PersistedSession | null> {
      try {
        const raw = await secretStore.load();
        if (!raw) return null;
        const parsed = PersistedSession.safeParse(JSON.parse(raw));
        if (parsed.success) return parsed.data;
        logger.warn('Stored session has an unexpected shape; starting signed out');
      } catch (error) {
        logger.warn('Stored session unreadable; starting signed out', error);
      }
      return null;
    },
    async save(session: PersistedSession): Promise<void> {
      await secretStore.save(JSON.stringify(session));
    },
    async clear(): Promise<void> {
      await secretStore.clear();
    },
    loadHint(): SignInHint | null {
      try {
        const parsed = SignInHint.safeParse(JSON.parse(readFileSync(hintPath, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async saveHint(hint: SignInHint): Promise<void> {
      await mkdir(dataDir, { recursive: true });
      await writeFile(hintPath, JSON.stringify(hint), { mode: 0o600 });
    },
    async clearHint(): Promise<void> {
      await rm(hintPath, { force: true });
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
