/**
 * A minimal Tiledesk client for driving the server from the bench: REST calls as a visitor or an agent,
 * and the bare realtime floor (a `ws` socket subscribed to a topic), per /work/shared/tiledesk-protocol.md.
 */
import WebSocket from 'ws';
import { wallNow } from './stats.ts';

export interface Credentials {
  token: string;
  userId: string;
}

export interface ProjectMembership {
  projectId: string;
  name: string;
  projectUserId: string;
  role: string;
}

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

export async function api<T>(baseUrl: string, token: string | null, method: string, route: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new HttpError(response.status, `${method} ${route} → ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<Credentials> {
  const reply = await api<{ token: string; user: { _id: string } }>(baseUrl, null, 'POST', '/auth/signin', { email, password });
  return { token: reply.token, userId: reply.user._id };
}

export async function listProjects(baseUrl: string, credentials: Credentials): Promise<ProjectMembership[]> {
  const rows = await api<Array<{ _id: string; role: string; id_project: { _id: string; name: string } }>>(baseUrl, credentials.token, 'GET', '/projects/');
  return rows.map((row) => ({ projectId: row.id_project._id, name: row.id_project.name, projectUserId: row._id, role: row.role }));
}

export async function signInVisitor(baseUrl: string, projectId: string, firstname: string): Promise<Credentials> {
  const reply = await api<{ token: string; user: { _id: string } }>(baseUrl, null, 'POST', '/auth/signinAnonymously', { id_project: projectId, firstname });
  return { token: reply.token, userId: reply.user._id };
}

export interface WireMessage {
  _id: string;
  text: string;
  sender: string;
  recipient: string;
  createdAt: string;
}

export function newRequestId(projectId: string, tag: string): string {
  return `support-group-${projectId}-${tag}${crypto.randomUUID().replaceAll('-', '')}`;
}

export function postMessage(baseUrl: string, credentials: Credentials, projectId: string, requestId: string, text: string, extra: Record<string, unknown> = {}) {
  return api<WireMessage>(baseUrl, credentials.token, 'POST', `/${projectId}/requests/${encodeURIComponent(requestId)}/messages`, { text, ...extra });
}

/** Bulk insert into an existing request: the way to populate large histories quickly. */
export function postMessagesMulti(baseUrl: string, credentials: Credentials, projectId: string, requestId: string, messages: Array<{ sender: string; senderFullname?: string; text: string; attributes?: Record<string, unknown> }>) {
  return api<WireMessage[]>(baseUrl, credentials.token, 'POST', `/${projectId}/requests/${encodeURIComponent(requestId)}/messages/multi`, messages);
}

export function closeRequest(baseUrl: string, credentials: Credentials, projectId: string, requestId: string) {
  return api<unknown>(baseUrl, credentials.token, 'PUT', `/${projectId}/requests/${encodeURIComponent(requestId)}/close`, {});
}

export interface PublishFrame {
  topic: string;
  method?: string;
  message: unknown;
}

/**
 * The physical floor of realtime delivery: a bare socket, subscribed to the same topic as the app,
 * timestamping each frame as it arrives. Keeps itself alive with the app-level heartbeat.
 */
export class FloorSocket {
  private readonly socket: WebSocket;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(frame: PublishFrame, receivedAt: number) => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const receivedAt = wallNow();
      let frame: { action?: string; payload?: PublishFrame };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.action !== 'publish' || !frame.payload) return;
      for (const listener of this.listeners) listener(frame.payload, receivedAt);
    });
    this.heartbeat = setInterval(() => this.send({ action: 'heartbeat', payload: { message: { text: 'ping' } } }), 20_000);
  }

  static connect(baseUrl: string, credentials: Credentials, timeoutMs = 10_000): Promise<FloorSocket> {
    const url = new URL(baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = '/';
    url.search = `?token=${encodeURIComponent(credentials.token)}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error('floor socket: connect timeout'));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new FloorSocket(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  private send(frame: unknown): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  onPublish(listener: (frame: PublishFrame, receivedAt: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes and waits for the snapshot publish that acknowledges it. */
  subscribe(topic: string, timeoutMs = 10_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`floor socket: no snapshot for ${topic}`));
      }, timeoutMs);
      const off = this.onPublish((frame) => {
        if (frame.topic !== topic || frame.method !== 'CREATE') return;
        clearTimeout(timer);
        off();
        resolve(frame.message);
      });
      this.send({ action: 'subscribe', payload: { topic } });
    });
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.socket.terminate();
  }
}

/** Adds an agent (user id) to a request's participants: assigns the conversation to them. */
export function addParticipant(baseUrl: string, credentials: Credentials, projectId: string, requestId: string, userId: string) {
  return api<unknown>(baseUrl, credentials.token, 'POST', `/${projectId}/requests/${encodeURIComponent(requestId)}/participants`, { member: userId });
}

/** Open conversations the account can see on the server (the REST list's `count`). */
export async function countOpenConversations(baseUrl: string, credentials: Credentials, projectId: string): Promise<number> {
  const page = await api<{ count: number }>(baseUrl, credentials.token, 'GET', `/${projectId}/requests?limit=1&no_populate=true`);
  return page.count;
}

/** Conversations waiting in the queue (status 100) on the server. */
export async function countQueuedConversations(baseUrl: string, credentials: Credentials, projectId: string): Promise<number> {
  const page = await api<{ count: number }>(baseUrl, credentials.token, 'GET', `/${projectId}/requests?status=100&limit=1&no_populate=true`);
  return page.count;
}

/** Reads the whole open list the way the core's catch-up does: populated, 100 per page, one page after another. */
export async function readOpenList(baseUrl: string, credentials: Credentials, projectId: string): Promise<number> {
  let total = 0;
  for (let page = 0; ; page++) {
    const reply = await api<{ count: number; requests: unknown[] }>(baseUrl, credentials.token, 'GET', `/${projectId}/requests?page=${page}&limit=100`);
    total += reply.requests.length;
    if (reply.requests.length < 100 || total >= reply.count) return total;
  }
}
