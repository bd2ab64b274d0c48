/**
 * Links leave the app only to the OS: plain http(s) URLs (new windows, navigations), plus mailto: when the
 * core asks on the user's behalf (a visitor's e-mail address).
 */
export function isSafeExternalUrl(value: unknown, options: { allowMailto?: boolean } = {}): boolean {
  if (typeof value !== 'string' || value.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return options.allowMailto === true && url.pathname.length > 0;
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
}
