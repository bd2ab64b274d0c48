import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src/renderer/src/i18n/en.ts';
import it_ from '../../src/renderer/src/i18n/it.ts';

const root = join(import.meta.dirname, '../../src/renderer/src');
/** Folders whose text lives in en.ts/it.ts (the workflow dialogs carry their own messages). */
const scanned = ['App.vue', 'components', 'composables', 'app'].map((entry) => join(root, entry));
const skipped = new Set([join(root, 'components/workflow')]);

function files(path: string): string[] {
  if (skipped.has(path)) return [];
  if (statSync(path).isFile()) return /\.(vue|ts)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
}

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

describe('UI text', () => {
  it('has every literal t() key used by the components in English and Italian', () => {
    const missing: string[] = [];
    for (const file of scanned.flatMap(files)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!;
        if (typeof lookup(en, key) !== 'string' || typeof lookup(it_, key) !== 'string') missing.push(`${key} (${file.slice(root.length + 1)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has an Italian text for every English one, and no Italian text left in English', () => {
    const english = leafKeys(en).sort();
    expect(leafKeys(it_).sort()).toEqual(english);
    const sameInBothLanguages = new Set(['app.titleWithUnread']);
    const untranslated = english.filter((key) => !sameInBothLanguages.has(key) && lookup(en, key) === lookup(it_, key) && String(lookup(en, key)).split(' ').length > 2);
    expect(untranslated).toEqual([]);
  });
});
