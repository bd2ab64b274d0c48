import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../src/browser-host/host.ts';
import { contentSecurityPolicy } from '../../src/main/electron/csp.ts';
import { decodeFrame, encodeFrame, type BridgeHostFrame } from '../../src/shared/ipc/ws-wire.ts';

let host: BrowserHost;
let origin: string;

function rendererFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tiledesk Agent</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(dir, 'assets', 'lazy-chunk.js'), 'export {}');
  return dir;
}

beforeAll(async () => {
  host = await startBrowserHost({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'browser-host-')), testHooks: true, rendererDir: rendererFixture() });
  origin = host.url.replace(/\/$/, '');
});
afterAll(() => host.close());

/** A page of ours (or not, with another Origin) talking to the host like the renderer's bridge does. */
class Page {
  readonly frames: BridgeHostFrame[] = [];
  private nextId = 1;
  private waiters: (() => void)[] = [];
  readonly socket: WebSocket;
  constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.frames.push(decodeFrame(String(data)) as BridgeHostFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  static async open(pageOrigin = origin): Promise<Page> {
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { origin: pageOrigin });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
    return new Page(socket);
  }
  async next(match: (frame: BridgeHostFrame) => boolean, timeoutMs = 5000): Promise<BridgeHostFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching frame arrived');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
  sendRaw(text: string) {
    this.socket.send(text);
  }
  async invoke(channel: string, args: unknown) {
    const id = this.nextId++;
    this.socket.send(encodeFrame({ type: 'invoke', id, channel, args }));
    const frame = await this.next((candidate) => candidate.type === 'result' && candidate.id === id);
    return frame.type === 'result' ? frame.response : null;
  }
  close() {
    this.socket.close();
  }
}

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const url = new URL(path, host.url);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += String(chunk)));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function hookState() {
  return (await (await fetch(new URL('/__test__/state', host.url))).json()) as { window: { visible: boolean; focused: boolean; pages: number } };
}

describe('browser host: static renderer', () => {
  it('serves the app with the same strict CSP as Electron, as a header', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Tiledesk Agent</title>');
    expect(response.headers['content-security-policy']).toBe(contentSecurityPolicy(null));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers client-side routes with the app and never lists a folder', async () => {
    expect((await get('/inbox/queue')).body).toContain('<title>Tiledesk Agent</title>');
    const folder = await get('/assets/');
    expect(folder.body).not.toContain('lazy-chunk.js');
    expect(folder.body).toContain('<title>Tiledesk Agent</title>');
    expect((await get('/assets/nope.js')).status).toBe(404);
  });

  it('refuses requests addressed to another host name (DNS rebinding) and non-GET methods', async () => {
    expect((await get('/', { Host: 'attacker.example:80' })).status).toBe(421);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });
});

describe('browser host: IPC bridge', () => {
  it('refuses a WebSocket from a foreign web page, or with no Origin at all', async () => {
    await expect(Page.open('https://evil.example')).rejects.toThrow('HTTP 403');
    await expect(Page.open('http://127.0.0.1:1')).rejects.toThrow('HTTP 403');
    const noOrigin = new WebSocket(`${origin.replace('http', 'ws')}/ipc`);
    const status = await new Promise((resolve) => noOrigin.once('unexpected-response', (_request, response) => resolve(response.statusCode)));
    expect(status).toBe(403);
  });

  it('carries a call to the core and its answer back', async () => {
    const page = await Page.open();
    const response = await page.invoke('settings.get', null);
    expect(response).toMatchObject({ ok: true, value: { closeToTray: expect.any(Boolean), alerts: { doNotDisturb: expect.any(Boolean) } } });
    page.close();
  });

  it('rejects a wrong argument with a clear error naming the field', async () => {
    const page = await Page.open();
    const response = await page.invoke('settings.update', { retentionDays: 'forever' });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(response?.ok === false && response.error.message).toMatch(/settings\.update.*retentionDays/s);
    expect(await page.invoke('settings.steal', null)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    page.close();
  });

  it('answers malformed and oversized frames with an error and keeps the connection usable', async () => {
    const page = await Page.open();
    page.sendRaw('{not json');
    expect(await page.next((frame) => frame.type === 'result' && frame.id === -1)).toMatchObject({ response: { ok: false, error: { code: 'invalid_argument', message: expect.stringMatching(/Malformed/) } } });
    page.sendRaw(JSON.stringify({ type: 'subscribe', id: 7 }));
    expect(await page.next((frame) => frame.type === 'result' && frame.id === 7)).toMatchObject({ response: { ok: false, error: { code: 'invalid_argument' } } });
    page.sendRaw(encodeFrame({ type: 'invoke', id: 8, channel: 'message.send', args: { conversationId: 'c', text: 'x'.repeat(4 * 1024 * 1024) } }));
    expect(await page.next((frame) => frame.type === 'result' && frame.id === 8)).toMatchObject({ response: { ok: false, error: { code: 'too_large', message: expect.stringMatching(/too large/) } } });
    expect(await page.invoke('settings.get', null)).toMatchObject({ ok: true });
    page.close();
  });

  it('lets the largest allowed attachment (1 MB) through to the core', async () => {
    const page = await Page.open();
    const attachment = { fileName: 'scan.png', mimeType: 'image/png', data: new Uint8Array(1_024_000).fill(7) };
    const response = await page.invoke('message.send', { conversationId: 'c1', text: 'x'.repeat(100_000), attachment });
    // Not signed in here: the core answers, which shows the frame passed the size gate intact.
    expect(response).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    page.close();
  });

  it('delivers core events to every open page', async () => {
    const first = await Page.open();
    const second = await Page.open();
    // Signing out (here from the tray menu) makes the core emit session.changed.
    const response = await fetch(new URL('/__test__/tray', host.url), { method: 'POST', body: JSON.stringify({ action: 'signOut' }) });
    expect(response.status).toBe(200);
    for (const page of [first, second]) {
      expect(await page.next((frame) => frame.type === 'event' && frame.event === 'session.changed')).toMatchObject({ payload: { status: 'signedOut' } });
    }
    first.close();
    second.close();
  });

  it('derives window presence from the pages: none open is hidden, focus is what the page reports', async () => {
    await expect.poll(async () => (await hookState()).window.pages).toBe(0);
    expect((await hookState()).window).toMatchObject({ visible: false, focused: false });
    const page = await Page.open();
    expect((await hookState()).window).toMatchObject({ visible: true, focused: false });
    await page.invoke('conversation.setViewed', { conversationId: null, windowFocused: true });
    expect((await hookState()).window).toMatchObject({ visible: true, focused: true });
    page.close();
    await expect.poll(async () => (await hookState()).window.visible).toBe(false);
  });
});

describe('browser host: test hooks', () => {
  it('exist only when asked for', async () => {
    const plain = await startBrowserHost({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'browser-host-')), rendererDir: rendererFixture() });
    try {
      expect((await fetch(new URL('/__test__/state', plain.url))).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('refuses requests from a foreign page', async () => {
    const response = await fetch(new URL('/__test__/window', host.url), { method: 'POST', headers: { Origin: 'https://evil.example' }, body: '{"state":"hidden"}' });
    expect(response.status).toBe(404);
  });
});
