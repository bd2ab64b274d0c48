/**
 * What the host-agnostic core needs from its host. Electron implements these with safeStorage,
 * Notification, Tray and powerMonitor (src/main/electron); the browser host with a 0600 file and
 * recording adapters (src/browser-host). Nothing in src/main/core may import 'electron'.
 */
import type { EventChannel, EventPayload } from '../../shared/ipc/contract.ts';
import type { AppSettings, BadgeState } from '../../shared/domain.ts';

export interface SecretStore {
  /** Whether secrets are encrypted by the OS keychain (false: plain 0600 file, with a warning logged). */
  readonly encrypted: boolean;
  load(): Promise<string | null>;
  save(secret: string): Promise<void>;
  clear(): Promise<void>;
}

export interface AlertNotification {
  /** Stable per conversation (or 'queue'): a newer toast replaces the older one with the same tag. */
  tag: string;
  title: string;
  body: string;
  conversationId: string | null;
  sound: 'queue' | 'message' | null;
}

export interface Notifier {
  show(notification: AlertNotification): void;
  close(tag: string): void;
}

export interface BadgePresenter {
  update(state: BadgeState): void;
}

export interface WindowPresence {
  isVisible(): boolean;
  isFocused(): boolean;
}

export interface SettingsStore {
  load(): Partial<AppSettings>;
  save(settings: AppSettings): void;
}

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface HostPorts {
  /** Folder for the cache database and outbox; one sub-folder per account is made by the core. */
  dataDir: string;
  host: 'electron' | 'browser';
  version: string;
  /** A local Tiledesk server the host knows of (`npm run demo`): the sign-in offers it. Absent for real installs. */
  localServerUrl?: string | null;
  secretStore: SecretStore;
  settingsStore: SettingsStore;
  notifier: Notifier;
  badge: BadgePresenter;
  window: WindowPresence;
  openExternal(url: string): Promise<void>;
  /** Host-level settings (close to tray, launch at login) changed: the host applies them. */
  applySettings(settings: AppSettings): void;
  emit: EventSink;
  logger: Logger;
}
