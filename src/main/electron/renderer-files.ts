/**
 * Maps a request path onto a file of the built renderer, for the app:// protocol handler and the browser
 * host alike: no path escapes the renderer folder, directories are never listed, and client-side routes
 * fall back to index.html.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { rendererSecurityHeaders } from './csp.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(filePath: string): string {
  return contentTypes[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type RendererFile =
  | { kind: 'file'; path: string; spaFallback: boolean }
  | { kind: 'notFound' };

/**
 * `pathname` is the URL path as received (still percent-encoded). Paths without an extension are client-side
 * routes and get index.html; a missing asset (with an extension) is a 404 rather than HTML served as script.
 */
export function resolveRendererFile(rendererDir: string, pathname: string): RendererFile {
  const root = resolve(rendererDir);
  const index = resolve(root, 'index.html');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'notFound' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'notFound' };
  if (decoded === '' || decoded === '/' || decoded.endsWith('/')) return { kind: 'file', path: index, spaFallback: decoded !== '/' && decoded !== '' };
  const candidate = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return { kind: 'notFound' };
  if (extname(candidate) === '') return { kind: 'file', path: index, spaFallback: true };
  return { kind: 'file', path: candidate, spaFallback: false };
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The full response for a renderer URL path, with the security headers on every answer. */
export async function loadRendererResponse(rendererDir: string, pathname: string, imageOrigin: string | null): Promise<RendererResponse> {
  const security = rendererSecurityHeaders(imageOrigin);
  const target = resolveRendererFile(rendererDir, pathname);
  if (target.kind === 'notFound' || !(await isFile(target.path))) {
    return { status: 404, headers: { ...security, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: Buffer.from('Not found') };
  }
  const hashedAsset = !target.spaFallback && target.path.startsWith(resolve(rendererDir, 'assets') + sep);
  return {
    status: 200,
    headers: {
      ...security,
      'Content-Type': contentTypeOf(target.path),
      // Built assets carry a content hash in their name; index.html must be revalidated to pick up a new build.
      'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    body: await readFile(target.path),
  };
}
