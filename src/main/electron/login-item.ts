/**
 * Launch at login. macOS and Windows use app.setLoginItemSettings; Linux has no such API in Electron,
 * so an XDG autostart entry is written instead.
 */

/** Passed by the login item on Windows and Linux so the app starts in the tray. */
export const launchHiddenArg = '--hidden';

/** macOS passes no arguments to login items: there, "opened at login" plus the setting means hidden. */
export function wasLaunchedHidden(argv: readonly string[], openedAtLoginOnMac: boolean, launchHiddenSetting: boolean): boolean {
  return argv.includes(launchHiddenArg) || (openedAtLoginOnMac && launchHiddenSetting);
}

export interface LoginItemPreference {
  launchAtLogin: boolean;
  launchHidden: boolean;
}

/** Arguments for app.setLoginItemSettings (macOS, Windows). */
export function loginItemSettings(preference: LoginItemPreference) {
  return {
    openAtLogin: preference.launchAtLogin,
    args: preference.launchAtLogin && preference.launchHidden ? [launchHiddenArg] : [],
  };
}

export const linuxAutostartFileName = 'tiledesk-agent.desktop';

/** Quoting rules of the Desktop Entry spec for the Exec key. */
function quoteExecArg(arg: string): string {
  if (!/[\s"'\\`$<>|&;*?#()]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** `executable` is the AppImage path when running from one (process.env.APPIMAGE), else the binary. */
export function linuxAutostartEntry(executable: string, launchHidden: boolean): string {
  const exec = [executable, ...(launchHidden ? [launchHiddenArg] : [])].map(quoteExecArg).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Tiledesk Agent', `Exec=${exec}`, 'Icon=tiledesk-agent', 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}
