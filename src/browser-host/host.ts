/**
 * The browser host: the same core as Electron, served to a web browser on 127.0.0.1. The built renderer
 * is served with the app's CSP; the IPC contract travels over a WebSocket at /ipc; OS integrations are
 * recorded instead (and exposed under /__test__/ with testHooks).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createAgentCore, type AgentCore } from '../main/core/agent-core.ts';
import type { EventSink, HostPorts } from '../main/core/ports.ts';
import { createHostStatus } from '../main/electron/host-status.ts';
import { createNotificationCenter } from '../main/electron/notification-center.ts';
import { loadRendererResponse } from '../main/electron/renderer-files.ts';
import { createPlainSecretStore } from '../main/electron/secret-file.ts';
import { createTrayActions } from '../main/electron/tray-menu.ts';
import { invokeCore } from '../main/electron/typed-dispatch.ts';
import { createConsoleLogger } from '../main/electron/logger.ts';
import { createJsonSettingsStore, createNotificationRecorder, createPagePresence, openInSystemBrowser } from './adapters.ts';
import { createIpcSocket } from './ipc-socket.ts';
import { createTestHooks } from './test-hooks.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface BrowserHostOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** Exposes /__test__/ routes; never for real use. */
  testHooks?: boolean;
  /** The built renderer (default: out/renderer from `npx electron-vite build`). */
  rendererDir?: string;
  /** A local Tiledesk server (the demo's) the sign-in should offer. */
  localServerUrl?: string | null;
  /** Tests may stand in their own core; by default the real one. */
  createCore?: (ports: HostPorts) => Promise<AgentCore>;
}

export interface BrowserHost {
  url: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir ?? join(repoRoot, 'out/renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}): run \`npx electron-vite build\` first.`);
  }
  const dataDir = resolve(options.dataDir);
  const logger = createConsoleLogger('browser-host');
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

  const status = createHostStatus();
  const presence = createPagePresence();
  const recorder = createNotificationRecorder();
  const openedExternally: string[] = [];
  let broadcastEvent: EventSink = () => undefined;
  let core: AgentCore | null = null;

  const emit: EventSink = (event, payload) => {
    status.observeEvent(event, payload);
    broadcastEvent(event, payload);
  };
  const windowStateChanged = () => core?.windowStateChanged();

  const notifier = createNotificationCenter(recorder.createToast, (notification) => {
    // Like Electron: a click brings the window forward, then opens the conversation.
    if (presence.override() !== null) presence.setOverride('focused');
    windowStateChanged();
    if (notification.conversationId) emit('navigate.conversation', { conversationId: notification.conversationId });
  });

  core = await (options.createCore ?? createAgentCore)({
    dataDir: join(dataDir, 'data'),
    host: 'browser',
    version,
    localServerUrl: options.localServerUrl ?? null,
    secretStore: createPlainSecretStore(join(dataDir, 'session.txt')),
    settingsStore: createJsonSettingsStore(join(dataDir, 'settings.json'), logger),
    notifier,
    badge: { update: (badge) => status.setBadge(badge) },
    window: presence.presence,
    async openExternal(url) {
      if (options.testHooks) openedExternally.push(url);
      else await openInSystemBrowser(url, logger);
    },
    applySettings: (settings) => status.setSettings(settings),
    emit,
    logger,
  });
  const agentCore = core;
  status.setSession(await invokeCore(agentCore.dispatch, 'session.get', null));
  status.setSettings(await invokeCore(agentCore.dispatch, 'settings.get', null));

  let port = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const ipc = createIpcSocket({
    dispatch: agentCore.dispatch,
    logger,
    isAllowedHost: (host) => host !== undefined && allowedHosts().has(host),
    isAllowedOrigin: (origin) => origin !== undefined && allowedOrigins().has(origin),
    beforeDispatch(page, channel, args) {
      if (channel !== 'conversation.setViewed' || !args || typeof args !== 'object') return;
      const focused = (args as { windowFocused?: unknown }).windowFocused;
      if (typeof focused === 'boolean') presence.pageReportedFocus(page, focused);
    },
    pageConnected(page) {
      presence.pageConnected(page);
      windowStateChanged();
    },
    pageDisconnected(page) {
      presence.pageDisconnected(page);
      windowStateChanged();
    },
  });
  broadcastEvent = (event, payload) => ipc.broadcast({ type: 'event', event, payload });

  const trayActions = createTrayActions({
    dispatch: agentCore.dispatch,
    status,
    toggleWindow: () => {
      presence.setOverride(presence.presence.isVisible() ? 'hidden' : 'focused');
      windowStateChanged();
    },
    // There is no app to quit in a browser tab: the host keeps serving.
    quit: () => logger.info('Quit chosen from the (recorded) tray menu: ignored by the browser host.'),
  });
  const testHooks = options.testHooks
    ? createTestHooks({
        status,
        notifications: recorder,
        presence,
        trayActions,
        openedExternally,
        windowStateChanged,
        catchUp: (reason) => agentCore.catchUp(reason),
      })
    : null;

  async function handleRequest(request: IncomingMessage, response: ServerResponse) {
    // DNS rebinding: a foreign name resolving to 127.0.0.1 still carries its own Host header.
    if (!request.headers.host || !allowedHosts().has(request.headers.host)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    if (url.pathname.startsWith('/__test__/')) {
      const origin = request.headers.origin;
      if (!testHooks || (origin !== undefined && !allowedOrigins().has(origin))) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      await testHooks(request, response, url.pathname.slice('/__test__/'.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    const file = await loadRendererResponse(rendererDir, url.pathname, status.serverOrigin());
    response.writeHead(file.status, { ...file.headers, 'Content-Length': String(file.body.length) });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      logger.error('HTTP request failed', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Internal error');
    });
  });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://host').pathname !== '/ipc') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    ipc.handleUpgrade(request, socket, head);
  });

  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    await agentCore.dispose();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    close() {
      closing ??= (async () => {
        ipc.close();
        server.closeAllConnections();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        notifier.closeAll();
        await agentCore.dispose();
      })();
      return closing;
    },
  };
}
