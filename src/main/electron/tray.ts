import { app, Menu, nativeImage, Tray, type BrowserWindow, type NativeImage } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../core/ports.ts';
import type { HostStatus } from './host-status.ts';
import { badgeCount, badgeIcon, dockBadgeText, trayMenu, trayTooltip, type TrayAction } from './tray-menu.ts';

export interface TrayOptions {
  /** resources/ (dev) or the packaged resources folder: holds tray/ and badge/. */
  resourcesDir: string;
  status: HostStatus;
  actions: Record<TrayAction, () => Promise<void>>;
  window: () => BrowserWindow | null;
  logger: Logger;
}

/** Tray icon with numbered badge and menu, plus the dock (macOS), overlay (Windows) and launcher (Linux) badge. */
export function createTray(options: TrayOptions): { refresh(): void; destroy(): void } {
  const images = new Map<string, NativeImage>();
  const image = (file: string) => {
    let cached = images.get(file);
    if (!cached) {
      cached = nativeImage.createFromPath(join(options.resourcesDir, file));
      images.set(file, cached);
    }
    return cached;
  };

  const tray = new Tray(image('tray/tray.png'));
  const run = (action: TrayAction) => {
    options.actions[action]().catch((error: unknown) => options.logger.warn(`Tray action ${action} failed`, error));
  };
  // Windows and most Linux trays: a left click shows or hides the window; macOS opens the menu.
  if (process.platform !== 'darwin') tray.on('click', () => run('toggleWindow'));

  function refresh() {
    const status = options.status.get();
    const window = options.window();
    const icon = badgeIcon(status.badge);
    tray.setImage(image(icon === 'none' ? 'tray/tray.png' : `tray/tray-${icon}.png`));
    tray.setToolTip(trayTooltip(status, app.getLocale()));
    const menu = trayMenu(status, window?.isVisible() ?? false, app.getLocale()).map((item) =>
      item.kind === 'separator'
        ? { type: 'separator' as const }
        : {
            label: item.label,
            enabled: item.enabled,
            ...(item.checked === null ? {} : { type: 'checkbox' as const, checked: item.checked }),
            click: () => run(item.action),
          },
    );
    tray.setContextMenu(Menu.buildFromTemplate(menu));

    if (process.platform === 'darwin') app.dock?.setBadge(dockBadgeText(status.badge));
    else if (process.platform === 'win32' && window && !window.isDestroyed()) {
      window.setOverlayIcon(icon === 'none' ? null : image(`badge/badge-${icon}.png`), trayTooltip(status, app.getLocale()));
    } else if (process.platform === 'linux') app.setBadgeCount(status.badge.attention ? 0 : badgeCount(status.badge));
  }

  refresh();
  return { refresh, destroy: () => tray.destroy() };
}
