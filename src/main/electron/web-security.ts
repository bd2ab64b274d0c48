import { app, session, shell, type WebContents } from 'electron';
import type { Logger } from '../core/ports.ts';
import { isAppUrl } from './app-origin.ts';
import { isSafeExternalUrl } from './external-url.ts';

/** Opens a link with the OS, only if it is a plain http(s) URL (or mailto:, when the core asks for it). */
export async function openExternalSafely(url: string, logger: Logger, options: { allowMailto?: boolean } = {}): Promise<boolean> {
  if (!isSafeExternalUrl(url, options)) {
    logger.warn('Refused to open a link that is not plain http(s)', url.slice(0, 200));
    return false;
  }
  await shell.openExternal(url);
  return true;
}

/**
 * Every web contents, present and future: no navigation away from the app (a clicked http(s) link goes to
 * the OS browser instead), no new windows, no <webview>, and no permission but notifications for our pages.
 */
export function hardenWebContents(devServerOrigin: string | null, logger: Logger): void {
  const isOurs = (url: string | undefined) => isAppUrl(url, devServerOrigin);

  const guard = (contents: WebContents) => {
    const blockNavigation = (event: { preventDefault(): void }, url: string) => {
      if (isOurs(url)) return;
      event.preventDefault();
      if (isSafeExternalUrl(url)) void openExternalSafely(url, logger);
      else logger.warn('Blocked a navigation', url.slice(0, 200));
    };
    contents.on('will-navigate', blockNavigation);
    contents.on('will-redirect', blockNavigation);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void openExternalSafely(url, logger);
      return { action: 'deny' };
    });
  };
  app.on('web-contents-created', (_event, contents) => guard(contents));

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && isOurs(details.requestingUrl));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'notifications' && isOurs(requestingOrigin));
}
