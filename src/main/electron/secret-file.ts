/**
 * The session secret on disk: written atomically, readable by the user only (0600 in a 0700 folder).
 * The browser host stores it as plain text; Electron encrypts it with safeStorage first when it can.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger, SecretStore } from '../core/ports.ts';

export interface SecretFile {
  read(): Promise<Buffer | null>;
  write(bytes: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

export function createSecretFile(path: string): SecretFile {
  return {
    async read() {
      try {
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(bytes) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, bytes, { mode: 0o600, flag: 'wx' });
        await rename(temporary, path);
        // rename keeps the mode, but a file left by an older version may have been created wider.
        await chmod(path, 0o600);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async remove() {
      await rm(path, { force: true });
    },
  };
}

/** Plain-text secret store: the browser host, and Electron where no OS keychain is available. */
export function createPlainSecretStore(path: string): SecretStore {
  const file = createSecretFile(path);
  return {
    encrypted: false,
    async load() {
      const bytes = await file.read();
      return bytes && bytes.length > 0 ? bytes.toString('utf8') : null;
    },
    save: (secret) => file.write(Buffer.from(secret, 'utf8')),
    clear: () => file.remove(),
  };
}

/** The subset of Electron's safeStorage this needs (injected so the choice below is testable). */
export interface StringEncryption {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * OS-encrypted secret store, or (like Mattermost's secureStorage) a plain 0600 file with a logged warning
 * when the OS offers no keychain.
 */
export function createSecretStore(options: { encryption: StringEncryption; encryptedPath: string; plainPath: string; logger: Logger }): SecretStore {
  const { encryption, logger } = options;
  const backend = encryption.getSelectedStorageBackend?.();
  const encrypted = encryption.isEncryptionAvailable() && backend !== 'basic_text';
  const plain = createPlainSecretStore(options.plainPath);
  if (!encrypted) {
    logger.warn(`No OS keychain available${backend ? ` (backend: ${backend})` : ''}: the session token is stored unencrypted in a file only this user can read.`);
    return plain;
  }
  const file = createSecretFile(options.encryptedPath);
  /** A token saved while no keychain was available (an earlier run) is encrypted now and its plain copy removed. */
  async function migratePlainSecret(): Promise<string | null> {
    const secret = await plain.load();
    if (secret === null) return null;
    await file.write(encryption.encryptString(secret));
    await plain.clear();
    return secret;
  }
  return {
    encrypted: true,
    async load() {
      const bytes = await file.read();
      if (!bytes || bytes.length === 0) return migratePlainSecret();
      try {
        return encryption.decryptString(bytes);
      } catch (error) {
        // The keychain entry changed (new login keyring, restored profile): the agent signs in again.
        logger.warn('The stored session token cannot be decrypted any more; signing in again is needed.', error);
        await file.remove();
        return null;
      }
    },
    async save(secret) {
      await file.write(encryption.encryptString(secret));
      await plain.clear();
    },
    async clear() {
      await file.remove();
      await plain.clear();
    },
  };
}
