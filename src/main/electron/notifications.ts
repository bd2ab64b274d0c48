import { Notification } from 'electron';
import type { AlertNotification } from '../core/ports.ts';
import { createNotificationCenter, type NotificationCenter } from './notification-center.ts';

/** Native notifications created in main; silent because the renderer plays the alert sound itself. */
export function createElectronNotifier(iconPath: string, onActivate: (notification: AlertNotification) => void): NotificationCenter {
  return createNotificationCenter((notification, callbacks) => {
    const toast = new Notification({ title: notification.title, body: notification.body, icon: iconPath, silent: true });
    toast.on('click', callbacks.activated);
    toast.on('close', callbacks.closed);
    toast.on('failed', callbacks.closed);
    return toast;
  }, onActivate);
}
