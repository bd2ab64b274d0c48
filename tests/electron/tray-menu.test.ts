import { describe, expect, it } from 'vitest';
import type { AppSettings, SessionState } from '../../src/shared/domain.ts';
import type { IpcResponse } from '../../src/shared/ipc/contract.ts';
import { createHostStatus } from '../../src/main/electron/host-status.ts';
import { badgeIcon, createTrayActions, dockBadgeText, trayMenu, trayTooltip } from '../../src/main/electron/tray-menu.ts';

const settings: AppSettings = {
  alerts: { queueAlerts: true, messageAlerts: true, queueSound: true, messageSound: true, onlyWhenHidden: false, doNotDisturb: false },
  closeToTray: true,
  launchAtLogin: false,
  launchHidden: false,
  retentionDays: 30,
  retentionMaxMessages: 100_000,
  locale: 'system',
};
const user = { id: 'u1', email: 'agent@demo.test', firstname: 'Agent', lastname: 'One' };
const project = { id: 'p1', name: 'Demo Support', role: 'agent', projectUserId: 'pu1' };
const signedIn: SessionState = {
  status: 'signedIn',
  serverUrl: 'http://127.0.0.1:3000',
  user,
  projects: [project],
  project,
  availability: { available: true, profileStatus: 'available', isBusy: false, assignedCount: 0 },
};

describe('tray badge', () => {
  it('numbers 1 to 9, then 9+, counting unread messages and waiting requests', () => {
    expect(badgeIcon({ unread: 0, queue: 0, attention: false })).toBe('none');
    expect(badgeIcon({ unread: 2, queue: 1, attention: false })).toBe('3');
    expect(badgeIcon({ unread: 9, queue: 0, attention: false })).toBe('9');
    expect(badgeIcon({ unread: 7, queue: 5, attention: false })).toBe('9plus');
  });

  it('shows "!" when alerts stopped (session expired, connection down), whatever the count', () => {
    expect(badgeIcon({ unread: 4, queue: 0, attention: true })).toBe('attention');
    expect(dockBadgeText({ unread: 4, queue: 0, attention: true })).toBe('!');
    expect(dockBadgeText({ unread: 0, queue: 0, attention: false })).toBe('');
    expect(dockBadgeText({ unread: 120, queue: 3, attention: false })).toBe('99+');
  });

  it('every badge state has its image in resources/', async () => {
    const { existsSync } = await import('node:fs');
    const resources = new URL('../../resources/', import.meta.url).pathname;
    for (const icon of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus', 'attention']) {
      expect(existsSync(`${resources}tray/tray-${icon}.png`), icon).toBe(true);
      expect(existsSync(`${resources}tray/tray-${icon}@2x.png`), icon).toBe(true);
      expect(existsSync(`${resources}badge/badge-${icon}.png`), icon).toBe(true);
    }
    expect(existsSync(`${resources}tray/tray.png`)).toBe(true);
  });
});

describe('tray tooltip and menu', () => {
  it('tells why alerts stopped', () => {
    const status = createHostStatus();
    expect(trayTooltip(status.get(), 'en-US')).toContain('Signed out');
    status.setSession({ status: 'expired', serverUrl: 'http://127.0.0.1:3000', user, project });
    expect(trayTooltip(status.get(), 'en-US')).toContain('Session expired');
    status.setSession(signedIn);
    status.setBadge({ unread: 2, queue: 1, attention: false });
    expect(trayTooltip(status.get(), 'en-US')).toBe('Tiledesk Agent — 2 unread, 1 waiting');
    status.setBadge({ unread: 2, queue: 1, attention: true });
    expect(trayTooltip(status.get(), 'en-US')).toContain('Not connected');
  });

  it('follows the app language', () => {
    const status = createHostStatus();
    status.setSettings({ ...settings, locale: 'it' });
    const labels = trayMenu(status.get(), true, 'en-US').flatMap((item) => (item.kind === 'action' ? [item.label] : []));
    expect(labels).toContain('Esci');
    status.setSettings({ ...settings, locale: 'system' });
    expect(trayMenu(status.get(), true, 'it-IT').some((item) => item.kind === 'action' && item.label === 'Chiudi')).toBe(true);
  });

  it('offers availability and sign-out only with a session; show/hide follows the window', () => {
    const status = createHostStatus();
    const item = (action: string, visible = false) => trayMenu(status.get(), visible, 'en').find((entry) => entry.kind === 'action' && entry.action === action);
    expect(item('toggleAvailability')).toMatchObject({ enabled: false });
    expect(item('signOut')).toMatchObject({ enabled: false });
    status.setSession(signedIn);
    status.setSettings(settings);
    expect(item('toggleAvailability')).toMatchObject({ enabled: true, checked: true });
    expect(item('toggleDoNotDisturb')).toMatchObject({ enabled: true, checked: false });
    expect(item('signOut')).toMatchObject({ enabled: true });
    expect(item('toggleWindow', true)).toMatchObject({ label: 'Hide Tiledesk Agent' });
    expect(item('toggleWindow', false)).toMatchObject({ label: 'Show Tiledesk Agent' });
  });
});

describe('tray actions', () => {
  function fakeCore(responses: Record<string, (args: unknown) => IpcResponse<unknown>>) {
    const calls: [string, unknown][] = [];
    const dispatch = async (channel: unknown, args: unknown) => {
      calls.push([String(channel), args]);
      return responses[String(channel)]?.(args) ?? { ok: false as const, error: { code: 'internal' as const, message: 'unexpected call' } };
    };
    return { calls, dispatch };
  }

  it('toggles availability through the core and shows the result', async () => {
    const status = createHostStatus();
    status.setSession(signedIn);
    const core = fakeCore({ 'session.setAvailability': (args) => ({ ok: true, value: { available: (args as { available: boolean }).available, profileStatus: '', isBusy: false, assignedCount: 0 } }) });
    const actions = createTrayActions({ dispatch: core.dispatch, status, toggleWindow: () => undefined, quit: () => undefined });
    await actions.toggleAvailability();
    expect(core.calls).toEqual([['session.setAvailability', { available: false }]]);
    expect(status.get().availability?.available).toBe(false);
  });

  it('pauses alerts (do not disturb) without touching the other alert settings', async () => {
    const status = createHostStatus();
    status.setSettings(settings);
    const core = fakeCore({ 'settings.update': (args) => ({ ok: true, value: { ...settings, ...(args as object) } }) });
    const actions = createTrayActions({ dispatch: core.dispatch, status, toggleWindow: () => undefined, quit: () => undefined });
    await actions.toggleDoNotDisturb();
    expect(core.calls[0]?.[1]).toEqual({ alerts: { ...settings.alerts, doNotDisturb: true } });
    expect(status.get().settings?.alerts.doNotDisturb).toBe(true);
  });

  it('reports a refused call as an error instead of pretending it worked', async () => {
    const status = createHostStatus();
    status.setSession(signedIn);
    const core = fakeCore({ 'session.signOut': () => ({ ok: false, error: { code: 'network', message: 'offline' } }) });
    const actions = createTrayActions({ dispatch: core.dispatch, status, toggleWindow: () => undefined, quit: () => undefined });
    await expect(actions.signOut()).rejects.toThrow('offline');
    expect(status.get().session?.status).toBe('signedIn');
  });
});
