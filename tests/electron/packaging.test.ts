import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../src/shared/ipc/channels.ts';
import { eventContract, invokeContract } from '../../src/shared/ipc/contract.ts';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  // electron-builder's own loader and schema validation (the build itself downloads Electron: not run here).
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null): Promise<Record<string, unknown>>;
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

  it('is accepted by electron-builder and packages every required target', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'));
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
      protocols: [{ schemes: ['tiledesk-agent'] }],
    });
  });

  it('flips the Electron fuses that close the Node back doors', async () => {
    const config = await getConfig(root, resolve(root, 'electron-builder.yml'));
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('has the app icons at the sizes the installers need', () => {
    expect(pngSize(resolve(root, 'resources/icons/512x512.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(resolve(root, 'resources/icons/256x256.png'))).toEqual({ width: 256, height: 256 });
    expect(pngSize(resolve(root, 'resources/tray/tray-3.png'))).toEqual({ width: 32, height: 32 });
    expect(pngSize(resolve(root, 'resources/tray/tray-3@2x.png'))).toEqual({ width: 64, height: 64 });
  });
});

describe('preload', () => {
  it('exposes the channel names without bundling the schemas (stays tiny)', async () => {
    const result = await build({
      entryPoints: [resolve(root, 'src/preload/index.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      minify: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code.length).toBeLessThan(8_000);
    expect(code).not.toMatch(/zod|ZodError/);
    expect(code).toContain('tiledesk:invoke:');
  });

  it('channel name lists and contract schemas name exactly the same channels', () => {
    expect([...invokeChannels].sort()).toEqual(Object.keys(invokeContract).sort());
    expect([...eventChannels].sort()).toEqual(Object.keys(eventContract).sort());
  });
});
