import { BrowserWindow, screen } from 'electron';
import type Store from 'electron-store';
import { minimumWindowSize, restoreWindowState, type SavedWindowState } from './window-state.ts';

export interface MainWindowOptions {
  preloadPath: string;
  backgroundColor: string;
  windowStore: Store<{ window?: SavedWindowState }>;
  devTools: boolean;
  /** Close button: hide to the tray instead of quitting (unless the app is quitting). */
  hideOnClose: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const restored = restoreWindowState(options.windowStore.get('window'), screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...restored.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    backgroundColor: options.backgroundColor,
    title: 'Tiledesk Agent',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in new windows; they are denied anyway, this removes the event.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      devTools: options.devTools,
      // Live conversations keep arriving while the window is hidden in the tray.
      backgroundThrottling: false,
    },
  });
  if (restored.maximized) window.maximize();

  let saveTimer: NodeJS.Timeout | null = null;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    options.windowStore.set('window', { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', save);
  window.on('unmaximize', save);
  window.on('close', (event) => {
    save();
    if (options.hideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });
  window.on('closed', () => {
    if (saveTimer) clearTimeout(saveTimer);
  });
  return window;
}

/** Bring the window to the user: from the tray, a notification, a deep link or a second launch. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
