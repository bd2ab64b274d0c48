import { STATUS_CODES } from 'node:http';

export interface Reply {
  status: number;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A reply thrown from anywhere below a handler; the dispatcher sends it as is. */
export class HttpError extends Error {
  readonly reply: Reply;

  constructor(reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.reply = reply;
  }
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), contentType: 'application/json; charset=utf-8', ...(headers ? { headers } : {}) };
}

export function ok(value: unknown, headers?: Record<string, string>): Reply {
  return json(200, value, headers);
}

/** Passport's bare answers: the status text as body, no Content-Type (401 adds the Basic challenge). */
export function bare(status: number, headers?: Record<string, string>): Reply {
  return { status, body: STATUS_CODES[status] ?? String(status), ...(headers ? { headers } : {}) };
}

/** Express's default error page (finalhandler), used for unknown routes and unparsable bodies. */
export function expressError(status: number, message: string): Reply {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    headers: { 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff' },
    body: `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${escaped}</pre>\n</body>\n</html>\n`,
  };
}

export const unauthorized = (): HttpError => new HttpError(bare(401, { 'WWW-Authenticate': 'Basic realm="Users"' }));
export const badRequest = (): HttpError => new HttpError(bare(400));
export const notFound = (msg = 'Object not found.'): HttpError => new HttpError(json(404, { success: false, msg }));
export const missingRole = (): HttpError => new HttpError(json(403, { success: false, msg: 'you dont have the required role.' }));
export const notMember = (): HttpError => new HttpError(json(403, { success: false, msg: 'you dont belong to the project.' }));

/** One express-validator entry; `value` disappears from the JSON when undefined, as there. */
export interface FieldError {
  value?: unknown;
  msg: string;
  param: string;
  location: 'body' | 'query' | 'params';
}

export function invalidField(param: string, value: unknown, location: FieldError['location'] = 'body'): FieldError {
  return { value, msg: 'Invalid value', param, location };
}

export function rejectInvalid(errors: (FieldError | undefined)[]): void {
  const found = errors.filter((error): error is FieldError => error !== undefined);
  if (found.length > 0) throw new HttpError(json(422, { errors: found }));
}
