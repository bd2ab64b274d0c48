import { app } from 'electron';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/ports.ts';
import { linuxAutostartEntry, linuxAutostartFileName, loginItemSettings, type LoginItemPreference } from './login-item.ts';

export async function applyLaunchAtLogin(preference: LoginItemPreference, logger: Logger): Promise<void> {
  // A development run would register the bare Electron binary: only packaged builds touch the login items.
  if (!app.isPackaged) return;
  if (process.platform !== 'linux') {
    app.setLoginItemSettings(loginItemSettings(preference));
    return;
  }
  const folder = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
  const file = join(folder, linuxAutostartFileName);
  try {
    if (!preference.launchAtLogin) {
      await rm(file, { force: true });
      return;
    }
    await mkdir(folder, { recursive: true });
    await writeFile(file, linuxAutostartEntry(process.env.APPIMAGE || process.execPath, preference.launchHidden), { mode: 0o644 });
  } catch (error) {
    logger.warn('Could not update the autostart entry', error);
  }
}
