/**
 * Electron composition root: the host-agnostic core plus thin Electron adapters (src/main/electron).
 * Everything with logic lives in pure modules there, shared with the browser host and unit-tested.
 */
import { app, dialog, nativeTheme, net, powerMonitor, safeStorage, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { AppSettings } from '../shared/domain.ts';
import { AgentError } from '../shared/ipc/errors.ts';
import { createAgentCore, type AgentCore } from './core/agent-core.ts';
import type { EventSink } from './core/ports.ts';
import { installApplicationMenu } from './electron/app-menu.ts';
import { appIndexUrl, isAppUrl } from './electron/app-origin.ts';
import { registerAppScheme, serveRenderer } from './electron/app-protocol.ts';
import { conversationIdFromArgv, conversationIdFromDeepLink, deepLinkScheme } from './electron/deep-link.ts';
import { createHostStatus } from './electron/host-status.ts';
import { registerIpcHandlers, sendEvent } from './electron/ipc.ts';
import { applyLaunchAtLogin } from './electron/launch-at-login.ts';
import { LOCAL_SERVER_ENV, parseLocalServerUrl } from './electron/local-server.ts';
import { createConsoleLogger } from './electron/logger.ts';
import { wasLaunchedHidden } from './electron/login-item.ts';
import { createMainWindow, revealWindow } from './electron/main-window.ts';
import { createElectronNotifier } from './electron/notifications.ts';
import { watchOnline } from './electron/online-watcher.ts';
import { createSecretStore } from './electron/secret-file.ts';
import { createSettingsStore, createWindowStore } from './electron/settings-store.ts';
import { windowBackgroundColor } from './electron/theme.ts';
import { createTray } from './electron/tray.ts';
import { createTrayActions } from './electron/tray-menu.ts';
import { invokeCore } from './electron/typed-dispatch.ts';
import { openExternalSafely, hardenWebContents } from './electron/web-security.ts';

const logger = createConsoleLogger('main');
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : null;

// End-to-end runs get a throwaway profile (and their own single-instance lock); packaged builds ignore it.
if (!app.isPackaged && process.env.TILEDESK_AGENT_USER_DATA) app.setPath('userData', process.env.TILEDESK_AGENT_USER_DATA);
registerAppScheme();
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId('com.tiledesk.agent');
// Packaged builds only: a development run would register the bare Electron binary as the OS-wide handler.
if (app.isPackaged) app.setAsDefaultProtocolClient(deepLinkScheme);

let window: BrowserWindow | null = null;
let rendererLoaded = false;
let pendingConversationId = conversationIdFromArgv(process.argv);
let emit: EventSink = () => undefined;

function reveal(): void {
  if (window && !window.isDestroyed()) revealWindow(window);
}

function openConversation(conversationId: string): void {
  reveal();
  if (rendererLoaded) emit('navigate.conversation', { conversationId });
  else pendingConversationId = conversationId;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    reveal();
    const conversationId = conversationIdFromArgv(argv);
    if (conversationId) openConversation(conversationId);
  });
  // macOS delivers deep links here, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const conversationId = conversationIdFromDeepLink(url);
    if (conversationId) openConversation(conversationId);
  });
  process.on('uncaughtException', (error) => logger.error('Uncaught exception', error));
  process.on('unhandledRejection', (reason) => logger.error('Unhandled rejection', reason));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logger.error('Tiledesk Agent failed to start', error);
      dialog.showErrorBox('Tiledesk Agent could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

function localServerUrl(): string | null {
  try {
    return parseLocalServerUrl(process.env[LOCAL_SERVER_ENV]);
  } catch (error) {
    logger.warn(`Ignoring ${LOCAL_SERVER_ENV}`, error instanceof Error ? error.message : error);
    return null;
  }
}

async function start(): Promise<void> {
  const status = createHostStatus();
  const userData = app.getPath('userData');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
  const rendererDir = join(import.meta.dirname, '../renderer');
  let quitting = false;
  let closeToTray = true;
  let appliedLoginItem = '';
  /** The server origin in the CSP of the loaded document (undefined: nothing loaded yet). */
  let documentImageOrigin: string | null | undefined;

  installApplicationMenu();
  hardenWebContents(devServerOrigin, logger);
  serveRenderer(rendererDir, () => status.serverOrigin(), (origin) => {
    documentImageOrigin = origin;
  });

  emit = (event, payload) => {
    status.observeEvent(event, payload);
    sendEvent(window?.webContents ?? null, event, payload);
  };

  const applySettings = (settings: AppSettings) => {
    status.setSettings(settings);
    closeToTray = settings.closeToTray;
    const loginItem = JSON.stringify([settings.launchAtLogin, settings.launchHidden]);
    if (loginItem !== appliedLoginItem) {
      appliedLoginItem = loginItem;
      void applyLaunchAtLogin(settings, logger);
    }
  };

  const core: AgentCore = await createAgentCore({
    dataDir: join(userData, 'data'),
    host: 'electron',
    version: app.getVersion(),
    localServerUrl: localServerUrl(),
    secretStore: createSecretStore({ encryption: safeStorage, encryptedPath: join(userData, 'session.enc'), plainPath: join(userData, 'session.txt'), logger }),
    settingsStore: createSettingsStore(logger),
    notifier: createElectronNotifier(join(resourcesDir, 'icon.png'), (notification) => {
      if (notification.conversationId) openConversation(notification.conversationId);
      else reveal();
    }),
    badge: { update: (badge) => status.setBadge(badge) },
    window: {
      isVisible: () => !!window && !window.isDestroyed() && window.isVisible() && !window.isMinimized(),
      isFocused: () => !!window && !window.isDestroyed() && window.isFocused(),
    },
    async openExternal(url) {
      if (!(await openExternalSafely(url, logger, { allowMailto: true }))) throw new AgentError('invalid_argument', 'Only http(s) and mailto: links can be opened.');
    },
    applySettings,
    emit: (event, payload) => emit(event, payload),
    logger,
  });

  status.setSession(await invokeCore(core.dispatch, 'session.get', null));
  const settings = await invokeCore(core.dispatch, 'settings.get', null);
  applySettings(settings);
  registerIpcHandlers(core.dispatch, (url) => isAppUrl(url, devServerOrigin));

  const launchedHidden = wasLaunchedHidden(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin, settings.launchHidden);
  const mainWindow = createMainWindow({
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    backgroundColor: windowBackgroundColor(nativeTheme.shouldUseDarkColors),
    windowStore: createWindowStore(),
    devTools: !app.isPackaged,
    // macOS apps stay running when their window closes.
    hideOnClose: () => !quitting && (closeToTray || process.platform === 'darwin'),
  });
  window = mainWindow;

  const tray = createTray({
    resourcesDir,
    status,
    actions: createTrayActions({
      dispatch: core.dispatch,
      status,
      toggleWindow: () => (mainWindow.isVisible() && !mainWindow.isMinimized() ? mainWindow.hide() : reveal()),
      quit: () => app.quit(),
    }),
    window: () => window,
    logger,
  });

  const windowChanged = () => {
    core.windowStateChanged();
    tray.refresh();
  };
  for (const event of ['show', 'hide', 'focus', 'blur', 'minimize', 'restore'] as const) mainWindow.on(event as 'show', windowChanged);
  mainWindow.once('ready-to-show', () => {
    if (!launchedHidden || pendingConversationId) mainWindow.show();
  });
  mainWindow.webContents.on('did-finish-load', () => {
    rendererLoaded = true;
    if (pendingConversationId) {
      const conversationId = pendingConversationId;
      pendingConversationId = null;
      openConversation(conversationId);
    }
  });
  mainWindow.webContents.on('did-start-loading', () => {
    rendererLoaded = false;
  });
  mainWindow.webContents.on('render-process-gone', (_event, details) => {
    logger.error('The renderer process went away', details);
    if (details.reason !== 'clean-exit' && !mainWindow.isDestroyed()) mainWindow.webContents.reload();
  });
  mainWindow.on('closed', () => {
    window = null;
  });

  status.subscribe(() => {
    tray.refresh();
    // A CSP is fixed per document: after signing in to another server, reload so its images are allowed.
    const origin = status.serverOrigin();
    if (!devServerUrl && origin && documentImageOrigin !== undefined && origin !== documentImageOrigin && !mainWindow.isDestroyed()) {
      documentImageOrigin = origin;
      mainWindow.webContents.reload();
    }
  });

  powerMonitor.on('resume', () => core.catchUp('resume'));
  powerMonitor.on('unlock-screen', () => core.catchUp('unlock'));
  const stopWatchingOnline = watchOnline(() => net.isOnline(), () => core.catchUp('online'));

  app.on('activate', reveal);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let disposed = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (disposed) return;
    // Let the core flush the cache and outbox before the process goes.
    event.preventDefault();
    disposed = true;
    stopWatchingOnline();
    tray.destroy();
    const timeout = new Promise((resolveTimeout) => setTimeout(resolveTimeout, 5000));
    void Promise.race([core.dispose(), timeout])
      .catch((error: unknown) => logger.error('Core shutdown failed', error))
      .finally(() => app.quit());
  });

  await mainWindow.loadURL(devServerUrl ?? appIndexUrl);
}
