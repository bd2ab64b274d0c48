import { describe, expect, it } from 'vitest';
import { linuxAutostartEntry, loginItemSettings, wasLaunchedHidden } from '../../src/main/electron/login-item.ts';

describe('launch at login', () => {
  it('asks the OS to start the app hidden in the tray when the agent wants that', () => {
    expect(loginItemSettings({ launchAtLogin: true, launchHidden: true })).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(loginItemSettings({ launchAtLogin: true, launchHidden: false })).toEqual({ openAtLogin: true, args: [] });
    expect(loginItemSettings({ launchAtLogin: false, launchHidden: true })).toEqual({ openAtLogin: false, args: [] });
  });

  it('knows when it was started hidden', () => {
    expect(wasLaunchedHidden(['/app', '--hidden'], false, false)).toBe(true);
    expect(wasLaunchedHidden(['/app'], true, true)).toBe(true);
    expect(wasLaunchedHidden(['/app'], true, false)).toBe(false);
    expect(wasLaunchedHidden(['/app'], false, true)).toBe(false);
  });

  it('writes a Linux autostart entry that survives spaces and quotes in the path', () => {
    const entry = linuxAutostartEntry('/home/ann/Apps/Tiledesk Agent "beta".AppImage', true);
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/home/ann/Apps/Tiledesk Agent \\"beta\\".AppImage" --hidden\n');
    expect(linuxAutostartEntry('/usr/bin/tiledesk-agent', false)).toContain('Exec=/usr/bin/tiledesk-agent\n');
  });
});
