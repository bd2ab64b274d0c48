/**
 * The renderer takes only types from the zod schema modules (src/shared/domain.ts, src/shared/ipc/contract.ts):
 * a value import would pull zod (and its eval probe, which the CSP reports) into the renderer bundle. Runtime
 * constants it needs live in src/shared/constants.ts, which must stay free of zod.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');

function sources(path: string): string[] {
  if (statSync(path).isFile()) return /\.(vue|ts)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => sources(join(path, name)));
}

/** `import … from '…'` statements (multi-line ones included) that are not `import type`. */
function valueImports(code: string): string[] {
  return [...code.matchAll(/^import\s+(?!type\s)([^;]*?)\s+from\s+'([^']+)'/gms)].map((match) => match[2]!);
}

describe('renderer runtime imports', () => {
  it('imports only types from the zod schema modules', () => {
    const offending = sources(join(repo, 'src/renderer/src')).flatMap((file) =>
      valueImports(readFileSync(file, 'utf8'))
        .filter((from) => /shared\/(domain|ipc\/contract)\.ts$/.test(from) || from === 'zod')
        .map((from) => `${relative(repo, file)} → ${from}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the shared constants module free of zod', () => {
    expect(valueImports(readFileSync(join(repo, 'src/shared/constants.ts'), 'utf8'))).toEqual([]);
  });
});
