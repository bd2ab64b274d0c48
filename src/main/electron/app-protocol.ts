import { protocol } from 'electron';
import { appHost, appScheme } from './app-origin.ts';
import { loadRendererResponse } from './renderer-files.ts';

/** Must run before app 'ready': app:// behaves like https (secure context, real origin, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer with the CSP header. `imageOrigin` is read per request: a document gets the
 * server origin known when it loads (see the reload on sign-in in index.ts).
 */
export function serveRenderer(rendererDir: string, imageOrigin: () => string | null, documentServed: (imageOrigin: string | null) => void): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost || (request.method !== 'GET' && request.method !== 'HEAD')) return new Response('Not found', { status: 404 });
    const origin = imageOrigin();
    const response = await loadRendererResponse(rendererDir, url.pathname, origin);
    if (response.headers['Content-Type']?.startsWith('text/html')) documentServed(origin);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(response.body), { status: response.status, headers: response.headers });
  });
}
