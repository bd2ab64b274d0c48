/** The renderer's origin in Electron: a privileged standard scheme, so it is a real origin with its own storage. */
export const appScheme = 'app';
export const appHost = 'renderer';
export const appOrigin = `${appScheme}://${appHost}`;
export const appIndexUrl = `${appOrigin}/index.html`;

/** Whether a frame URL belongs to our renderer (IPC senders, permission requests, navigations). */
export function isAppUrl(url: string | undefined | null, devServerOrigin: string | null = null): boolean {
  if (!url) return false;
  let origin: string;
  try {
    const parsed = new URL(url);
    // URL.origin is "null" for non-special schemes, so compare scheme and host explicitly.
    origin = parsed.protocol === `${appScheme}:` ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return false;
  }
  return origin === appOrigin || (devServerOrigin !== null && origin === devServerOrigin);
}
