/** URL checks for anything taken from message data, which is untrusted. */

function parse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Links the agent may open outside the app. Never javascript:, data:, file: or anything else. */
export function isOpenableLink(value: string): boolean {
  const url = parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:');
}

/** What an image message may load: the server's http(s) files, or bytes already in this renderer. */
export function isLoadableImageSrc(value: string | undefined): value is string {
  if (!value) return false;
  const url = parse(value);
  if (!url) return false;
  if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'blob:') return true;
  return url.protocol === 'data:' && /^data:image\/(png|jpe?g|gif|webp);/i.test(value);
}

/** A download link for a Tiledesk file: `/files?path=x` serves inline, `/files/download?path=x` as an attachment. */
export function downloadUrl(src: string): string | null {
  const url = parse(src);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.pathname.endsWith('/files') && url.searchParams.has('path')) url.pathname = `${url.pathname}/download`;
  return url.toString();
}
