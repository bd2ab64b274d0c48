import type { IncomingMessage } from 'node:http';
import { HttpError, expressError, json } from './reply.ts';

/** The real server's `JSON_BODY_LIMIT` default, `500KB` as body-parser reads it. */
const JSON_BODY_LIMIT = 500 * 1024;

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function tooLarge(): HttpError {
  return new HttpError(json(413, { err: 'Request entity too large', limit: JSON_BODY_LIMIT }));
}

/** Reads the whole body; past `limit` it stops keeping data (the rest drains) and fails with 413. */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * What express's `bodyParser.json()` + `bodyParser.urlencoded()` give the real server: JSON (objects and
 * arrays only, strict mode) and form bodies are parsed, any other body is left unread and `{}` is used.
 * Over the limit → 413 `{"err":"Request entity too large","limit":...}`; unparsable → 400 like express.
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const type = mediaType(req);
  const isJson = type === 'application/json' || type.endsWith('+json');
  const isForm = type === 'application/x-www-form-urlencoded';
  if (!isJson && !isForm) return {};
  const raw = (await readLimited(req, JSON_BODY_LIMIT)).toString('utf8');
  if (isForm) return Object.fromEntries(new URLSearchParams(raw));
  if (raw.trim() === '') return {};
  const first = raw.trimStart()[0];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('strict JSON body expected');
    return JSON.parse(raw) as unknown;
  } catch {
    throw new HttpError(expressError(400, 'Bad Request'));
  }
}
