/**
 * Browser-host stand-ins for what Electron gets from the OS: a JSON settings file, notifications, badge
 * and tray that are recorded (the test hooks read them), and window presence derived from the pages.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppSettings } from '../shared/domain.ts';
import { AgentError } from '../shared/ipc/errors.ts';
import type { AlertNotification, Logger, SettingsStore, WindowPresence } from '../main/core/ports.ts';
import { isSafeExternalUrl } from '../main/electron/external-url.ts';
import type { Toast, ToastCallbacks } from '../main/electron/notification-center.ts';

export function createJsonSettingsStore(path: string, logger: Logger): SettingsStore {
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return {};
      }
      try {
        const parsed = AppSettings.partial().safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // fall through: unreadable JSON
      }
      logger.warn(`Ignoring unreadable settings file ${path}: defaults are used.`);
      return {};
    },
    save(settings) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, JSON.stringify(settings, null, 2), { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}

export interface RecordedNotification extends AlertNotification {
  shownAt: number;
  open: boolean;
  clicked: boolean;
}

/** Notifications as data: what a user would have seen, and a handle to "click" them. */
export function createNotificationRecorder() {
  const shown: { record: RecordedNotification; callbacks: ToastCallbacks }[] = [];
  return {
    createToast(notification: AlertNotification, callbacks: ToastCallbacks): Toast {
      const entry = { record: { ...notification, shownAt: Date.now(), open: false, clicked: false }, callbacks };
      return {
        show() {
          entry.record.open = true;
          shown.push(entry);
        },
        close() {
          entry.record.open = false;
        },
      };
    },
    list: (): RecordedNotification[] => shown.map((entry) => ({ ...entry.record })),
    /** Clicks the newest open notification matching the tag or conversation; false when there is none. */
    click(match: { tag?: string; conversationId?: string }): boolean {
      const entry = shown.findLast(
        ({ record }) => record.open && (match.tag === undefined || record.tag === match.tag) && (match.conversationId === undefined || record.conversationId === match.conversationId),
      );
      if (!entry) return false;
      entry.record.open = false;
      entry.record.clicked = true;
      entry.callbacks.activated();
      return true;
    },
    clear() {
      shown.length = 0;
    },
  };
}

export type WindowOverride = 'hidden' | 'visible' | 'focused' | null;

/**
 * A page with no connected client counts as hidden; focus is what the pages last reported with
 * conversation.setViewed. Test hooks may override both, like a user hiding or focusing the window.
 */
export function createPagePresence() {
  const focusedByPage = new Map<object, boolean>();
  let override: WindowOverride = null;
  const presence: WindowPresence = {
    isVisible: () => (override ? override !== 'hidden' : focusedByPage.size > 0),
    isFocused: () => (override ? override === 'focused' : [...focusedByPage.values()].some(Boolean)),
  };
  return {
    presence,
    pageConnected: (page: object) => focusedByPage.set(page, false),
    pageDisconnected: (page: object) => focusedByPage.delete(page),
    pageReportedFocus: (page: object, focused: boolean) => focusedByPage.set(page, focused),
    setOverride(value: WindowOverride) {
      override = value;
    },
    override: () => override,
    pages: () => focusedByPage.size,
  };
}

/** Opens a link in the OS browser (the page itself runs in one, but the core's openExternal is host-side). */
export async function openInSystemBrowser(url: string, logger: Logger): Promise<void> {
  if (!isSafeExternalUrl(url, { allowMailto: true })) throw new AgentError('invalid_argument', 'Only http(s) and mailto: links can be opened.');
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' });
  child.on('error', (error) => logger.warn(`Could not open ${url} in the system browser`, error.message));
  child.unref();
}
