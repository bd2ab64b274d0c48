/**
 * The one Content-Security-Policy of the renderer, sent as an HTTP header by both hosts (Electron's app://
 * protocol handler and the browser host). No inline script or style, nothing remote but the images of the
 * signed-in Tiledesk server (chat attachments are served from it without auth).
 */

/** The origin of an http(s) server URL, or null for anything else (never lets text into the header). */
export function serverOrigin(serverUrl: string | null | undefined): string | null {
  if (!serverUrl) return null;
  try {
    const url = new URL(serverUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export function contentSecurityPolicy(imageOrigin: string | null): string {
  const images = ["'self'", 'data:', 'blob:'];
  const origin = serverOrigin(imageOrigin);
  if (origin) images.push(origin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(' ')}`,
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers for every document and asset of the renderer. */
export function rendererSecurityHeaders(imageOrigin: string | null): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(imageOrigin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
