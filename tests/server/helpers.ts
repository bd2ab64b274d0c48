import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer, type ServerOptions } from '../../server/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Tests poke into arbitrary JSON; one loose alias keeps them readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Sample {
  request: { method: string; path: string; body?: unknown; auth: string };
  status: number;
  headers: Record<string, string>;
  response: unknown;
}

export async function sample(name: string): Promise<Sample> {
  return JSON.parse(await readFile(join(FIXTURES, `${name}.json`), 'utf8')) as Sample;
}

export async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  token?: string;
  basic?: [string, string];
  body?: unknown;
  raw?: string | FormData;
  headers?: Record<string, string>;
}

/** A tiny HTTP client over fetch that never throws on status codes. */
export class Api {
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  async call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = options.token;
    if (options.basic) headers.Authorization = `Basic ${Buffer.from(options.basic.join(':')).toString('base64')}`;
    let body: string | FormData | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(`${this.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  get = <T = Json>(path: string, options?: CallOptions) => this.call<T>('GET', path, options);
  post = <T = Json>(path: string, options?: CallOptions) => this.call<T>('POST', path, options);
  put = <T = Json>(path: string, options?: CallOptions) => this.call<T>('PUT', path, options);
  patch = <T = Json>(path: string, options?: CallOptions) => this.call<T>('PATCH', path, options);
  delete = <T = Json>(path: string, options?: CallOptions) => this.call<T>('DELETE', path, options);

  async signin(email: string, password: string): Promise<string> {
    const response = await this.post<{ token: string }>('/auth/signin', { body: { email, password } });
    expect(response.status).toBe(200);
    return response.body.token;
  }

  async guest(projectId: string, firstname = 'John'): Promise<{ token: string; id: string }> {
    const response = await this.post<{ token: string; user: { _id: string } }>('/auth/signinAnonymously', { body: { id_project: projectId, firstname } });
    expect(response.status).toBe(200);
    return { token: response.body.token, id: response.body.user._id };
  }
}

export interface TestServer extends RunningServer {
  api: Api;
  stop(): Promise<void>;
}

/** A server on a free port with a fresh temporary data directory, removed again by `stop()`. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tiledesk-server-test-')));
  const server = await startServer({ port: 0, webhookRetryBaseMs: 20, ...options, dataDir });
  return {
    ...server,
    api: new Api(server.url),
    async stop() {
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' | 'undefined' | 'other';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'object' || type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined' ? type : 'other';
}

/** Objects keyed by ids (e.g. `abandoned_by_project_users`) are maps: only their values are compared. */
function isIdMap(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^[0-9a-f]{24}$/.test(key));
}

function ignored(path: string, ignore: string[]): boolean {
  return ignore.some((pattern) => pattern.startsWith('**.')
    ? path === pattern.slice(3) || path.endsWith(`.${pattern.slice(3)}`)
    : path === pattern);
}

/**
 * The differences in key sets and value types between `actual` and a captured `expected` (values are not
 * compared). Arrays are compared by their first elements; `attributes` objects are free-form (only their
 * presence and type count). `ignore` lists paths such as `user.status`,
 * `requests[].snapshot.agents` or `**.password` (any depth).
 */
export function shapeDiff(actual: unknown, expected: unknown, ignore: string[] = [], path = ''): string[] {
  const at = path || '(root)';
  const a = kindOf(actual);
  const e = kindOf(expected);
  if (a !== e) return [`${at}: ${a} instead of ${e}`];
  const diffs: string[] = [];
  if (e === 'object') {
    const actualObject = actual as Record<string, unknown>;
    const expectedObject = expected as Record<string, unknown>;
    if (path === 'attributes' || path.endsWith('.attributes')) return diffs;
    if (isIdMap(actualObject) && isIdMap(expectedObject)) {
      return shapeDiff(Object.values(actualObject)[0], Object.values(expectedObject)[0], ignore, `${path}.<id>`);
    }
    for (const key of new Set([...Object.keys(actualObject), ...Object.keys(expectedObject)])) {
      const child = path ? `${path}.${key}` : key;
      if (ignored(child, ignore)) continue;
      if (!(key in actualObject)) diffs.push(`${child}: missing`);
      else if (!(key in expectedObject)) diffs.push(`${child}: unexpected`);
      else diffs.push(...shapeDiff(actualObject[key], expectedObject[key], ignore, child));
    }
  } else if (e === 'array') {
    const [first] = actual as unknown[];
    const [expectedFirst] = expected as unknown[];
    if (first !== undefined && expectedFirst !== undefined) diffs.push(...shapeDiff(first, expectedFirst, ignore, `${path}[]`));
  }
  return diffs;
}

export function expectShape(actual: unknown, expected: unknown, ignore: string[] = []): void {
  expect(shapeDiff(actual, expected, ['**.password', ...ignore])).toEqual([]);
}

/** A WebSocket client that records every frame and can wait for frames matching a predicate. */
export class WsClient {
  readonly socket: WebSocket;
  readonly frames: Json[] = [];
  readonly #waiters = new Set<() => void>();
  closeCode: number | undefined;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const waiter of this.#waiters) waiter();
    });
    this.socket.on('close', (code) => {
      this.closeCode = code;
      for (const waiter of this.#waiters) waiter();
    });
  }

  static async open(wsUrl: string, token: string): Promise<WsClient> {
    const client = new WsClient(`${wsUrl}?token=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  subscribe(topic: string): void {
    this.send({ action: 'subscribe', payload: { topic } });
  }

  /** Resolves with the first recorded frame (from `from` on) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (frame: Json) => boolean, timeoutMs = 3000, from = 0): Promise<Json> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.frames.slice(from).find(predicate);
        if (found === undefined) return false;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(from)).slice(0, 500)}`));
      }, timeoutMs);
      if (!check()) this.#waiters.add(check);
    });
  }

  /** The publish frame for `topic` (and method), waiting for it. */
  publish(topic: string, method = 'CREATE', from = 0, timeoutMs?: number): Promise<Json> {
    return this.waitFor((f) => f.action === 'publish' && f.payload.topic === topic && f.payload.method === method, timeoutMs, from);
  }

  waitClosed(timeoutMs = 3000): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closeCode !== undefined) return resolve(this.closeCode);
      const timer = setTimeout(() => reject(new Error('socket still open')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

/** The HTTP status of a refused upgrade (or 101 when the socket opened). */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no answer to the upgrade'));
    }, 3000);
    socket.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      clearTimeout(timer);
      resolve(101);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
