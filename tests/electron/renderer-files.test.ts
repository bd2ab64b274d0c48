import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRendererResponse } from '../../src/main/electron/renderer-files.ts';

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'renderer-files-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
});

describe('serving the built renderer', () => {
  it('serves index.html at / with the CSP and revalidation', async () => {
    const response = await loadRendererResponse(rendererDir, '/', 'https://tiledesk.example.com');
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('<title>app</title>');
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers['Content-Security-Policy']).toContain('img-src \'self\' data: blob: https://tiledesk.example.com');
    expect(response.headers['Cache-Control']).toBe('no-cache');
  });

  it('serves hashed assets with their type, cached for good', async () => {
    const response = await loadRendererResponse(rendererDir, '/assets/index-abc123.js', null);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['Cache-Control']).toContain('immutable');
  });

  it('falls back to index.html for client-side routes', async () => {
    const response = await loadRendererResponse(rendererDir, '/conversations/support-group-1', null);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toContain('<title>app</title>');
  });

  it('answers a missing asset with 404 instead of HTML posing as script', async () => {
    const response = await loadRendererResponse(rendererDir, '/assets/missing.js', null);
    expect(response.status).toBe(404);
    expect(response.headers['Content-Security-Policy']).toBeDefined();
  });

  it('never lists a directory', async () => {
    const response = await loadRendererResponse(rendererDir, '/assets/', null);
    expect(response.body.toString()).not.toContain('index-abc123.js');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00index.html', '/%E0%A4%A']) {
      const response = await loadRendererResponse(rendererDir, path, null);
      expect(response.body.toString(), path).not.toContain('outside the renderer');
    }
  });
});
