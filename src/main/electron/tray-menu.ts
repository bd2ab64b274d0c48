/**
 * The tray (and dock/overlay badge) as data: which icon, which tooltip, which menu entries. Electron's Tray
 * and the browser host's recorder both render this model, so its logic is tested without Electron.
 */
import type { BadgeState } from '../../shared/domain.ts';
import type { HostStatusSnapshot, HostStatus } from './host-status.ts';
import { invokeCore, type Dispatch } from './typed-dispatch.ts';

/** File name (without extension) of the tray image in resources/tray and of the overlay in resources/badge. */
export type BadgeIcon = 'none' | `${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | '9plus' | 'attention';

/** Unread messages plus waiting requests: everything that wants the agent's attention. */
export function badgeCount(badge: BadgeState): number {
  return Math.max(0, badge.unread) + Math.max(0, badge.queue);
}

export function badgeIcon(badge: BadgeState): BadgeIcon {
  // Alerts have stopped (expired session, connection down): that matters more than any count.
  if (badge.attention) return 'attention';
  const count = badgeCount(badge);
  if (count === 0) return 'none';
  if (count > 9) return '9plus';
  return String(count) as BadgeIcon;
}

/** Text of the macOS dock badge ('' clears it). */
export function dockBadgeText(badge: BadgeState): string {
  if (badge.attention) return '!';
  const count = badgeCount(badge);
  return count === 0 ? '' : count > 99 ? '99+' : String(count);
}

const labels = {
  en: {
    show: 'Show Tiledesk Agent',
    hide: 'Hide Tiledesk Agent',
    available: 'Available',
    pauseAlerts: 'Pause alerts (do not disturb)',
    signOut: 'Sign out',
    quit: 'Quit',
    signedOut: 'Signed out',
    expired: 'Session expired: sign in again',
    offline: 'Not connected: alerts paused',
    unread: (n: number) => `${n} unread`,
    waiting: (n: number) => `${n} waiting`,
    dnd: 'alerts paused',
  },
  it: {
    show: 'Mostra Tiledesk Agent',
    hide: 'Nascondi Tiledesk Agent',
    available: 'Disponibile',
    pauseAlerts: 'Sospendi avvisi (non disturbare)',
    signOut: 'Esci',
    quit: 'Chiudi',
    signedOut: 'Non connesso',
    expired: 'Sessione scaduta: accedi di nuovo',
    offline: 'Non connesso: avvisi sospesi',
    unread: (n: number) => `${n} non letti`,
    waiting: (n: number) => `${n} in attesa`,
    dnd: 'avvisi sospesi',
  },
} as const;
type Labels = (typeof labels)['en' | 'it'];

function labelsFor(status: HostStatusSnapshot, systemLocale: string): Labels {
  const chosen = status.settings?.locale ?? 'system';
  const locale = chosen === 'system' ? systemLocale.slice(0, 2).toLowerCase() : chosen;
  return locale === 'it' ? labels.it : labels.en;
}

export function trayTooltip(status: HostStatusSnapshot, systemLocale: string): string {
  const text = labelsFor(status, systemLocale);
  const session = status.session;
  if (!session || session.status === 'signedOut') return `Tiledesk Agent — ${text.signedOut}`;
  if (session.status === 'expired') return `Tiledesk Agent — ${text.expired}`;
  if (status.badge.attention) return `Tiledesk Agent — ${text.offline}`;
  const parts = [];
  if (status.badge.unread > 0) parts.push(text.unread(status.badge.unread));
  if (status.badge.queue > 0) parts.push(text.waiting(status.badge.queue));
  if (status.settings?.alerts.doNotDisturb) parts.push(text.dnd);
  return parts.length ? `Tiledesk Agent — ${parts.join(', ')}` : 'Tiledesk Agent';
}

export type TrayAction = 'toggleWindow' | 'toggleAvailability' | 'toggleDoNotDisturb' | 'signOut' | 'quit';

export type TrayMenuItem =
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean; checked: boolean | null }
  | { kind: 'separator' };

export function trayMenu(status: HostStatusSnapshot, windowVisible: boolean, systemLocale: string): TrayMenuItem[] {
  const text = labelsFor(status, systemLocale);
  const signedIn = status.session?.status === 'signedIn';
  const hasSession = status.session != null && status.session.status !== 'signedOut';
  return [
    { kind: 'action', action: 'toggleWindow', label: windowVisible ? text.hide : text.show, enabled: true, checked: null },
    { kind: 'separator' },
    { kind: 'action', action: 'toggleAvailability', label: text.available, enabled: signedIn && status.availability != null, checked: status.availability?.available ?? false },
    { kind: 'action', action: 'toggleDoNotDisturb', label: text.pauseAlerts, enabled: status.settings != null, checked: status.settings?.alerts.doNotDisturb ?? false },
    { kind: 'separator' },
    { kind: 'action', action: 'signOut', label: text.signOut, enabled: hasSession, checked: null },
    { kind: 'action', action: 'quit', label: text.quit, enabled: true, checked: null },
  ];
}

export interface TrayActionDeps {
  dispatch: Dispatch;
  status: HostStatus;
  toggleWindow(): void;
  quit(): void;
}

/** What each menu entry does; core calls go through the validated router like the renderer's. */
export function createTrayActions(deps: TrayActionDeps): Record<TrayAction, () => Promise<void>> {
  return {
    async toggleWindow() {
      deps.toggleWindow();
    },
    async toggleAvailability() {
      const current = deps.status.get().availability;
      if (!current) return;
      deps.status.setAvailability(await invokeCore(deps.dispatch, 'session.setAvailability', { available: !current.available }));
    },
    async toggleDoNotDisturb() {
      const settings = deps.status.get().settings ?? (await invokeCore(deps.dispatch, 'settings.get', null));
      const alerts = { ...settings.alerts, doNotDisturb: !settings.alerts.doNotDisturb };
      deps.status.setSettings(await invokeCore(deps.dispatch, 'settings.update', { alerts }));
    },
    async signOut() {
      deps.status.setSession(await invokeCore(deps.dispatch, 'session.signOut', { wipeCache: false }));
    },
    async quit() {
      deps.quit();
    },
  };
}
