import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { newUuid } from '../ids.ts';
import { HttpError, json, type Reply } from '../http/reply.ts';
import { memberRoute, publicRoute, type Route } from '../http/router.ts';
import type { ProjectDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

/** `MAX_UPLOAD_FILE_SIZE` default of the real server. */
const MAX_UPLOAD_BYTES = 1_024_000;
const DEFAULT_EXTENSIONS = '.jpg,.jpeg,.png,.gif,.pdf,.txt';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp',
  '.pdf': 'application/pdf', '.txt': 'text/plain', '.csv': 'text/csv', '.json': 'application/json',
  '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.zip': 'application/zip', '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.wav': 'audio/wav',
};

const startsWith = (data: Uint8Array, ...signature: number[]): boolean => signature.every((byte, i) => data[i] === byte);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** Content checks by declared type; types without a check here are accepted as declared. */
const SNIFFERS: Record<string, (data: Uint8Array) => boolean> = {
  'image/png': (d) => startsWith(d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  'image/jpeg': (d) => startsWith(d, 0xff, 0xd8, 0xff),
  'image/gif': (d) => startsWith(d, ...ascii('GIF87a')) || startsWith(d, ...ascii('GIF89a')),
  'image/webp': (d) => startsWith(d, ...ascii('RIFF')) && ascii('WEBP').every((b, i) => d[8 + i] === b),
  'application/pdf': (d) => startsWith(d, ...ascii('%PDF-')),
  'text/plain': isText,
  'text/csv': isText,
};

function isText(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function allowedExtensions(project: ProjectDoc): string[] | 'all' {
  const configured = project.settings?.allowed_upload_extentions;
  const list = Array.isArray(configured) ? configured.join(',') : (configured ?? DEFAULT_EXTENSIONS);
  return list.trim() === '*/*' ? 'all' : list.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
}

/** The last path component of a client file name, without control characters or separators. */
function safeName(name: string): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c >= ' ' && c !== '\u007f' && c !== '"').join('').trim();
  return base === '' || base === '.' || base === '..' ? 'file' : base;
}

const refuse = (status: number, msg: string): HttpError => new HttpError(json(status, { success: false, msg }));

interface Upload {
  name: string;
  mimeType: string;
  chunks: Buffer[];
  truncated: boolean;
}

function readUpload(req: IncomingMessage): Promise<{ name: string; mimeType: string; data: Buffer; truncated: boolean } | undefined> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // busboy flags a file that reaches its limit exactly; one byte more lets exactly MAX_UPLOAD_BYTES through.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 50 } });
    } catch {
      reject(refuse(400, 'Error on file uploading'));
      return;
    }
    let upload: Upload | undefined;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || upload) {
        stream.resume();
        return;
      }
      const current: Upload = { name: safeName(info.filename ?? ''), mimeType: info.mimeType, chunks: [], truncated: false };
      upload = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => {
        current.truncated = true;
      });
    });
    parser.on('close', () => resolve(upload && {
      name: upload.name, mimeType: upload.mimeType, data: Buffer.concat(upload.chunks), truncated: upload.truncated,
    }));
    parser.on('error', () => reject(refuse(400, 'Error on file uploading')));
    req.pipe(parser);
  });
}

function serve(req: { query: URLSearchParams }, deps: RouteDeps, disposition: 'inline' | 'attachment'): Reply {
  const path = req.query.get('path') ?? '';
  const segments = path.split('/');
  if (path === '' || path.startsWith('/') || path.includes('\\') || segments.some((s) => s === '..' || s === '.' || s === '')) {
    throw refuse(400, 'Invalid path.');
  }
  const file = deps.store.getFile(path);
  if (!file) throw refuse(404, 'File not found.');
  const name = segments.at(-1) ?? 'file';
  const asciiName = name.replace(/[^\x20-\x7e]/g, '_');
  return {
    status: 200,
    contentType: file.contentType,
    body: file.data,
    headers: {
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'private, max-age=86400',
    },
  };
}

/**
 * Chat file upload (`POST /:project_id/files/chat`, any member) and the unauthenticated download routes.
 * Files live in the database next to everything else, under `uploads/users/<user id>/files/<uuid>/<name>`.
 */
export function fileRoutes(deps: RouteDeps): { global: Route[]; project: Route[] } {
  return {
    global: [
      publicRoute('GET', '/files', (ctx) => serve(ctx, deps, 'inline')),
      publicRoute('GET', '/files/download', (ctx) => serve(ctx, deps, 'attachment')),
    ],
    project: [
      memberRoute('POST', '/files/chat', 'guest', async ({ req, project, identity }) => {
        const upload = await readUpload(req);
        if (!upload) throw refuse(400, 'No file uploaded (multipart field "file").');
        if (upload.truncated) throw new HttpError(json(413, { success: false, error: 'File too large', code: 'LIMIT_FILE_SIZE' }));
        const allowed = allowedExtensions(project);
        if (allowed !== 'all') {
          const extension = extensionOf(upload.name);
          if (!allowed.includes(extension)) throw refuse(403, 'Extension not allowed');
          const expected = MIME_BY_EXTENSION[extension];
          if (expected && upload.mimeType !== expected) throw refuse(403, 'Mimetype mismatch detected');
          const sniff = SNIFFERS[upload.mimeType];
          if (sniff && !sniff(upload.data)) throw refuse(403, 'File content does not match its declared type');
        }
        const path = `uploads/users/${identity.id}/files/${newUuid()}/${upload.name}`;
        deps.store.tx(() => deps.store.putFile({
          path, contentType: upload.mimeType, size: upload.data.length, data: upload.data, createdBy: identity.id,
          createdAt: new Date().toISOString(),
        }));
        return json(201, { message: 'File uploaded successfully', filename: path });
      }),
    ],
  };
}
