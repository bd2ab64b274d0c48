/**
 * `npm run demo` starts a local Tiledesk server on whatever port is free and tells the app where through this
 * environment variable; both hosts pass it to the core so the sign-in can offer it. Real installs never set it.
 */
import { isServerUrl } from '../../shared/constants.ts';

export const LOCAL_SERVER_ENV = 'TILEDESK_LOCAL_SERVER_URL';

/** The local server's address without trailing slashes, or null when unset; an address that is not http(s) is an error. */
export function parseLocalServerUrl(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) return null;
  if (!isServerUrl(trimmed)) throw new Error(`The local server address must be an http(s) URL without credentials, not "${trimmed.slice(0, 200)}"`);
  return trimmed.replace(/\/+$/, '');
}
