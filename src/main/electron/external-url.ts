/** Links leave the app only to the OS browser, and only when they are plain http(s) URLs. */
export function isSafeExternalUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
}
