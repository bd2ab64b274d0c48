import { ipcMain, type WebContents } from 'electron';
import { electronEventChannel, electronInvokeChannel, invokeChannels, type EventChannel } from '../../shared/ipc/channels.ts';
import type { IpcDispatch } from '../core/ipc/router.ts';

/**
 * One ipcMain handler per contract channel. A frame that is not our renderer (an iframe, a page that
 * somehow got navigated) gets 'forbidden' and never reaches the core.
 */
export function registerIpcHandlers(dispatch: IpcDispatch, isTrustedFrameUrl: (url: string | undefined) => boolean): void {
  for (const channel of invokeChannels) {
    ipcMain.handle(electronInvokeChannel(channel), (event, args: unknown) => {
      if (!isTrustedFrameUrl(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame.' } };
      }
      return dispatch(channel, args);
    });
  }
}

export function sendEvent(contents: WebContents | null, event: EventChannel, payload: unknown): void {
  if (contents && !contents.isDestroyed()) contents.send(electronEventChannel(event), payload);
}
