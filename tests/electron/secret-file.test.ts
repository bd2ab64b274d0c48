import { mkdtempSync, statSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlainSecretStore, createSecretStore, type StringEncryption } from '../../src/main/electron/secret-file.ts';

const quietLogger = () => {
  const warnings: string[] = [];
  return { warnings, logger: { info: () => undefined, warn: (message: string) => void warnings.push(message), error: () => undefined } };
};

const fakeKeychain = (available = true, backend?: string): StringEncryption => ({
  isEncryptionAvailable: () => available,
  ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
  decryptString: (bytes) => {
    const text = bytes.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4), 'base64').toString();
  },
});

describe('session secret on disk', () => {
  it('plain store: readable by the user only, survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const path = join(dir, 'nested', 'session.txt');
    await createPlainSecretStore(path).save('JWT abc.def');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect(await createPlainSecretStore(path).load()).toBe('JWT abc.def');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['session.txt']);
  });

  it('tightens a secret file left world-readable by an older version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const path = join(dir, 'session.txt');
    writeFileSync(path, 'old', { mode: 0o644 });
    await createPlainSecretStore(path).save('JWT new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('clear forgets it; loading nothing is not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const store = createPlainSecretStore(join(dir, 'session.txt'));
    expect(await store.load()).toBeNull();
    await store.save('JWT x');
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('encrypts with the OS keychain when there is one: no plain token on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const { logger, warnings } = quietLogger();
    const options = { encryption: fakeKeychain(), encryptedPath: join(dir, 'session.enc'), plainPath: join(dir, 'session.txt'), logger };
    const store = createSecretStore(options);
    expect(store.encrypted).toBe(true);
    await store.save('JWT secret-token');
    expect(readFileSync(join(dir, 'session.enc'), 'utf8')).not.toContain('secret-token');
    expect(existsSync(join(dir, 'session.txt'))).toBe(false);
    expect(await createSecretStore(options).load()).toBe('JWT secret-token');
    expect(warnings).toEqual([]);
  });

  it('falls back to a 0600 file with a warning when no keychain is available (or only Linux basic_text)', async () => {
    for (const encryption of [fakeKeychain(false), fakeKeychain(true, 'basic_text')]) {
      const dir = mkdtempSync(join(tmpdir(), 'secret-'));
      const { logger, warnings } = quietLogger();
      const store = createSecretStore({ encryption, encryptedPath: join(dir, 'session.enc'), plainPath: join(dir, 'session.txt'), logger });
      expect(store.encrypted).toBe(false);
      await store.save('JWT t');
      expect(statSync(join(dir, 'session.txt')).mode & 0o777).toBe(0o600);
      expect(warnings.join('\n')).toMatch(/unencrypted/);
    }
  });

  it('encrypts a token left in plain text by a run without keychain, and removes the plain copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    await createPlainSecretStore(join(dir, 'session.txt')).save('JWT from-before');
    const { logger } = quietLogger();
    const store = createSecretStore({ encryption: fakeKeychain(), encryptedPath: join(dir, 'session.enc'), plainPath: join(dir, 'session.txt'), logger });
    expect(await store.load()).toBe('JWT from-before');
    expect(existsSync(join(dir, 'session.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'session.enc'), 'utf8')).not.toContain('from-before');
    expect(await store.load()).toBe('JWT from-before');
  });

  it('an undecryptable token (keychain reset) means signing in again, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    writeFileSync(join(dir, 'session.enc'), 'garbage from another keychain');
    const { logger, warnings } = quietLogger();
    const store = createSecretStore({ encryption: fakeKeychain(), encryptedPath: join(dir, 'session.enc'), plainPath: join(dir, 'session.txt'), logger });
    expect(await store.load()).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(existsSync(join(dir, 'session.enc'))).toBe(false);
  });
});
