/**
 * Keeps every shown notification referenced until it closes (a garbage-collected Electron Notification
 * loses its click handler) and lets a newer notification replace the one with the same tag. The native
 * toast is injected: Electron's Notification in the app, a recorder in the browser host.
 */
import type { AlertNotification, Notifier } from '../core/ports.ts';

export interface Toast {
  show(): void;
  close(): void;
}

export interface ToastCallbacks {
  /** The user clicked the toast. */
  activated(): void;
  /** The toast went away (dismissed, expired, replaced): forget it. */
  closed(): void;
}

export type ToastFactory = (notification: AlertNotification, callbacks: ToastCallbacks) => Toast;

export interface NotificationCenter extends Notifier {
  /** Tags of the notifications currently on screen. */
  openTags(): string[];
  closeAll(): void;
}

export function createNotificationCenter(createToast: ToastFactory, onActivate: (notification: AlertNotification) => void): NotificationCenter {
  const open = new Map<string, Toast>();

  function close(tag: string) {
    const toast = open.get(tag);
    if (!toast) return;
    open.delete(tag);
    toast.close();
  }

  return {
    show(notification) {
      close(notification.tag);
      const toast = createToast(notification, {
        activated() {
          if (open.get(notification.tag) === toast) open.delete(notification.tag);
          onActivate(notification);
        },
        closed() {
          // A replaced toast reports its close after its successor is already registered under the tag.
          if (open.get(notification.tag) === toast) open.delete(notification.tag);
        },
      });
      open.set(notification.tag, toast);
      toast.show();
    },
    close,
    openTags: () => [...open.keys()],
    closeAll() {
      for (const tag of [...open.keys()]) close(tag);
    },
  };
}
