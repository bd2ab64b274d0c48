/**
 * The one way the core talks HTTP to a Tiledesk server: JWT header, timeouts, JSON decoding and the mapping
 * of every failure (unreachable host, HTML instead of JSON, 4xx/5xx, 429) to an AgentError with a clear message.
 */
import { AgentError } from '../../../shared/ipc/errors.ts';
import type { IpcErrorCode } from '../../../shared/ipc/contract.ts';

/** An AgentError that remembers what the server answered, so callers can tell transient from definitive failures. */
export class HttpError extends AgentError {
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(code: IpcErrorCode, message: string, status: number | null, retryAfterMs: number | null = null) {
    super(code, message);
    this.name = 'HttpError';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
  /** Worth trying again later: the network, a timeout, a 5xx or a 429. */
  get transient(): boolean {
    return this.code === 'network' || this.code === 'server' || this.code === 'rate_limited';
  }
}

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON-encoded unless it is FormData. */
  body?: unknown;
  /** Defaults to true: send `Authorization: <token>` and treat a 401 as the end of the session. */
  auth?: boolean;
  timeoutMs?: number;
  /** Return every answer instead of throwing on non-2xx (sign-in maps the statuses itself). */
  anyStatus?: boolean;
}

export interface HttpClientOptions {
  baseUrl: string;
  token: () => string | null;
  /** An authenticated call was answered 401: the token is no longer valid. */
  onUnauthorized?: () => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
  isJson: boolean;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

const DEFAULT_TIMEOUT_MS = 20_000;

export function createHttpClient(options: HttpClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const host = new URL(options.baseUrl).host;

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(options.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = request.auth ?? true;
    if (auth) {
      const token = options.token();
      if (!token) throw new AgentError('not_signed_in', 'Not signed in.');
      headers.authorization = token;
    }
    let body: BodyInit | undefined;
    if (request.body instanceof FormData) body = request.body;
    else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      text = await response.text();
    } catch (error) {
      throw networkError(error, host, timeoutMs);
    }
    const json = parseJson(text);
    if (request.anyStatus) return { status: response.status, json: json === INVALID ? undefined : json, isJson: json !== INVALID && json !== undefined };
    if (response.status >= 200 && response.status < 300) {
      if (json === INVALID) {
        throw new HttpError('server', `${host} sent an answer that is not JSON (HTTP ${response.status}): is this a Tiledesk server?`, response.status);
      }
      return { status: response.status, json, isJson: json !== undefined };
    }
    if (response.status === 401 && auth) options.onUnauthorized?.();
    throw statusError(response, json === INVALID ? text : json);
  }

  return {
    baseUrl: options.baseUrl,
    send,
    async json(request: HttpRequest): Promise<unknown> {
      return (await send(request)).json;
    },
  };
}

const INVALID = Symbol('invalid-json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function networkError(error: unknown, host: string, timeoutMs: number): HttpError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new HttpError('network', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`, null);
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new HttpError('network', `Cannot reach ${host} (${detail}).`, null);
}

/** The server's own words, when it gave any: `msg`, `error`, `err` or the first validation error. */
export function serverMessage(body: unknown): string | null {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    return trimmed && !trimmed.startsWith('<') ? trimmed.slice(0, 300) : null;
  }
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  for (const key of ['msg', 'error', 'message', 'err']) {
    if (typeof record[key] === 'string' && record[key]) return (record[key] as string).slice(0, 300);
  }
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const first = record.errors[0] as unknown;
    if (typeof first === 'string') return first.slice(0, 300);
    if (first && typeof first === 'object') {
      const { msg, param } = first as { msg?: unknown; param?: unknown };
      if (typeof msg === 'string') return (typeof param === 'string' ? `${param}: ${msg}` : msg).slice(0, 300);
    }
  }
  return null;
}

function retryAfter(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function statusError(response: Response, body: unknown): HttpError {
  const status = response.status;
  const said = serverMessage(body);
  const suffix = said ? `: ${said}` : '';
  if (status === 401) return new HttpError('session_expired', 'Session expired, sign in again.', status);
  if (status === 403) return new HttpError('forbidden', `Not allowed${suffix || '.'}`, status);
  if (status === 404) return new HttpError('not_found', `Not found${suffix || '.'}`, status);
  if (status === 413) return new HttpError('too_large', `Too large for the server${suffix || '.'}`, status);
  if (status === 429) return new HttpError('rate_limited', 'The server is busy (too many requests); retrying later.', status, retryAfter(response));
  if (status >= 500) return new HttpError('server', `The server failed (HTTP ${status})${suffix}`, status, retryAfter(response));
  return new HttpError('invalid_argument', `The server refused the request (HTTP ${status})${suffix}`, status);
}
