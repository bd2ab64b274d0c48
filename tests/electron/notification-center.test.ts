import { describe, expect, it } from 'vitest';
import type { AlertNotification } from '../../src/main/core/ports.ts';
import { createNotificationCenter, type ToastCallbacks } from '../../src/main/electron/notification-center.ts';

function fakeToasts() {
  const toasts: { notification: AlertNotification; callbacks: ToastCallbacks; visible: boolean }[] = [];
  const factory = (notification: AlertNotification, callbacks: ToastCallbacks) => {
    const toast = { notification, callbacks, visible: false };
    toasts.push(toast);
    return {
      show: () => void (toast.visible = true),
      close: () => {
        toast.visible = false;
        // Like Electron: 'close' is reported back after close() (asynchronously on some platforms).
        queueMicrotask(() => callbacks.closed());
      },
    };
  };
  return { toasts, factory };
}

const message = (tag: string, body: string, conversationId: string | null = tag): AlertNotification => ({ tag, title: 'Ada', body, conversationId, sound: 'message' });

describe('notification center', () => {
  it('a newer notification for the same conversation replaces the older one', async () => {
    const { toasts, factory } = fakeToasts();
    const center = createNotificationCenter(factory, () => undefined);
    center.show(message('conv-1', 'hello'));
    center.show(message('conv-1', 'are you there?'));
    await Promise.resolve();
    expect(toasts.filter((toast) => toast.visible).map((toast) => toast.notification.body)).toEqual(['are you there?']);
    expect(center.openTags()).toEqual(['conv-1']);
  });

  it('keeps notifications of different conversations side by side', () => {
    const { toasts, factory } = fakeToasts();
    const center = createNotificationCenter(factory, () => undefined);
    center.show(message('conv-1', 'a'));
    center.show(message('conv-2', 'b'));
    expect(toasts.filter((toast) => toast.visible)).toHaveLength(2);
  });

  it('a click reports the notification so the host can open its conversation', () => {
    const { toasts, factory } = fakeToasts();
    const activated: AlertNotification[] = [];
    const center = createNotificationCenter(factory, (notification) => activated.push(notification));
    center.show(message('conv-7', 'ping'));
    toasts[0]?.callbacks.activated();
    expect(activated.map((notification) => notification.conversationId)).toEqual(['conv-7']);
    expect(center.openTags()).toEqual([]);
  });

  it('the late close of a replaced toast does not forget its successor', async () => {
    const { toasts, factory } = fakeToasts();
    const activated: string[] = [];
    const center = createNotificationCenter(factory, (notification) => activated.push(notification.body));
    center.show(message('conv-1', 'first'));
    center.show(message('conv-1', 'second'));
    await Promise.resolve();
    expect(center.openTags()).toEqual(['conv-1']);
    toasts[1]?.callbacks.activated();
    expect(activated).toEqual(['second']);
  });

  it('closing by tag (conversation read elsewhere) removes it from screen', () => {
    const { toasts, factory } = fakeToasts();
    const center = createNotificationCenter(factory, () => undefined);
    center.show(message('conv-1', 'a'));
    center.close('conv-1');
    center.close('unknown');
    expect(toasts[0]?.visible).toBe(false);
    expect(center.openTags()).toEqual([]);
  });
});
