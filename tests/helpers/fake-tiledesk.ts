/**
 * A tiny scriptable Tiledesk look-alike for frame-level and failure cases the real local server cannot be
 * made to produce on demand: duplicate, out-of-order and malformed WebSocket frames, a socket that goes
 * silent, HTTP 401/429/500 answers. It speaks just enough of the protocol (sign-in, projects, project user,
 * requests, messages, the WebSocket topics) for an AgentCore to run against it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE = {
  projectId: '6b0248306e6f9d3707cea440',
  userId: '6b0248306e6f9d3707cea48f',
  projectUserId: '6b0248316e6f9d3707cea493',
  otherAgentId: '6b0248306e6f9d3707cea4aa',
  email: 'agent@fake.test',
  password: 'secret',
  token: 'JWT fake-token',
} as const;

export interface HttpOverride {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Wire = Record<string, unknown>;

export interface FakeTiledesk {
  url: string;
  port: number;
  role: string;
  requests: Map<string, Wire>;
  messages: Map<string, Wire[]>;
  /** Frames the clients sent, parsed. */
  received: { socket: number; frame: Wire }[];
  /** Every HTTP request seen, as "METHOD /path". */
  httpLog: string[];
  /** Return an answer to short-circuit a REST call (e.g. 401, 429, 500); undefined lets it through. */
  override: ((method: string, path: string, body: unknown) => HttpOverride | undefined) | null;
  /** When true the server stops answering heartbeats and stops sending anything (a dead link that stays open). */
  silent: boolean;
  /** When true, upgrades are left hanging (like a guest token on the real server). */
  hangUpgrades: boolean;
  tokenValid: boolean;
  connections(): number;
  publish(topic: string, method: 'CREATE' | 'UPDATE', message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** Adds a message as the server would on POST, publishing it to subscribers of its topic. */
  addMessage(requestId: string, message: Partial<Wire> & { text: string; sender: string }): Wire;
  closeSockets(): void;
  close(): Promise<void>;
}

let sequence = 0;
export function objectId(): string {
  sequence++;
  return (Date.now().toString(16) + sequence.toString(16).padStart(8, '0')).padEnd(24, '0').slice(0, 24);
}

export function wireRequest(overrides: Partial<Wire> & { request_id: string }): Wire {
  const now = new Date().toISOString();
  return {
    _id: objectId(),
    status: 200,
    participants: [FAKE.userId],
    first_text: 'hello',
    lead: { _id: objectId(), lead_id: `visitor-${overrides.request_id}`, fullname: 'Vera Visitor', email: 'vera@example.com', attributes: {} },
    department: { _id: 'dep1', name: 'Default Department' },
    snapshot: { agents: [{ id_user: FAKE.userId }] },
    channel: { name: 'chat21' },
    tags: [],
    notes: [],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export function wireMessage(requestId: string, overrides: Partial<Wire> & { text: string; sender: string }): Wire {
  const now = new Date().toISOString();
  return { _id: objectId(), recipient: requestId, type: 'text', senderFullname: 'Vera Visitor', attributes: {}, createdAt: now, updatedAt: now, status: 0, ...overrides };
}

export async function startFakeTiledesk(options: { port?: number; role?: string } = {}): Promise<FakeTiledesk> {
  const sockets = new Map<WebSocket, { id: number; topics: Set<string> }>();
  const hungUpgrades = new Set<Duplex>();
  let socketIds = 0;

  const fake: FakeTiledesk = {
    url: '',
    port: 0,
    role: options.role ?? 'agent',
    requests: new Map(),
    messages: new Map(),
    received: [],
    httpLog: [],
    override: null,
    silent: false,
    hangUpgrades: false,
    tokenValid: true,
    connections: () => sockets.size,
    publish(topic, method, message) {
      for (const [socket, info] of sockets) {
        if (info.topics.has(topic)) socket.send(JSON.stringify({ action: 'publish', payload: { topic, method, message } }));
      }
    },
    sendRaw(text) {
      for (const socket of sockets.keys()) socket.send(text);
    },
    addMessage(requestId, message) {
      const wire = wireMessage(requestId, message);
      const list = fake.messages.get(requestId) ?? [];
      list.push(wire);
      fake.messages.set(requestId, list);
      const request = fake.requests.get(requestId);
      fake.publish(`/${FAKE.projectId}/requests/${requestId}/messages`, 'CREATE', { ...wire, request });
      return wire;
    },
    closeSockets() {
      for (const socket of sockets.keys()) socket.terminate();
    },
    async close() {
      fake.closeSockets();
      for (const socket of hungUpgrades) socket.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const projectUser = () => ({
    _id: FAKE.projectUserId,
    id: FAKE.projectUserId,
    id_project: FAKE.projectId,
    id_user: FAKE.userId,
    role: fake.role,
    roleType: 1,
    user_available: true,
    number_assigned_requests: 0,
    isBusy: false,
    permissions: [],
  });

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return text;
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    fake.httpLog.push(`${method} ${path}`);
    const forced = fake.override?.(method, path, body);
    if (forced) return reply(res, forced.status, forced.body ?? { msg: 'forced' }, forced.headers);
    if (path === '/auth/signin' && method === 'POST') {
      const { email, password } = (body ?? {}) as { email?: string; password?: string };
      if (email !== FAKE.email || password !== FAKE.password) return reply(res, 401, { success: false, msg: 'Authentication failed. Wrong password.' });
      return reply(res, 200, { success: true, token: FAKE.token, user: { _id: FAKE.userId, email: FAKE.email, firstname: 'Alice', lastname: 'Agent' } });
    }
    if (req.headers.authorization !== FAKE.token || !fake.tokenValid) return reply(res, 401, 'Unauthorized');
    const P = `/${FAKE.projectId}`;
    if (path === '/projects/' && method === 'GET') {
      return reply(res, 200, [{ ...projectUser(), id_project: { _id: FAKE.projectId, name: 'Fake Support' } }]);
    }
    if (path === `${P}/project_users/me`) return reply(res, 200, [projectUser()]);
    if (path === `${P}/project_users` || path === `${P}/project_users/`) return reply(res, 200, [{ ...projectUser(), id_user: { _id: FAKE.userId, email: FAKE.email, firstname: 'Alice', lastname: 'Agent' } }]);
    if (path === `${P}/requests` && method === 'GET') {
      const status = url.searchParams.get('status');
      const all = [...fake.requests.values()].filter((r) => (status === '1000' ? r.status === 1000 : (r.status as number) < 1000));
      const limit = Number(url.searchParams.get('limit') ?? 40);
      const page = Number(url.searchParams.get('page') ?? 0);
      return reply(res, 200, { perPage: limit, count: all.length, requests: all.slice(page * limit, page * limit + limit) });
    }
    const match = new RegExp(`^${P}/requests/([^/]+)(/messages)?$`).exec(path);
    if (match) {
      const requestId = decodeURIComponent(match[1]!);
      const request = fake.requests.get(requestId);
      if (!match[2]) return request ? reply(res, 200, request) : reply(res, 404, { success: false, msg: 'Object not found.' });
      if (method === 'GET') return reply(res, 200, fake.messages.get(requestId) ?? []);
      const sent = body as Wire;
      const wire = fake.addMessage(requestId, { ...sent, text: String(sent.text ?? ''), sender: FAKE.userId, senderFullname: 'Alice Agent' });
      return reply(res, 200, { ...wire, request });
    }
    reply(res, 404, { success: false, msg: 'no route' });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (fake.hangUpgrades) {
      hungUpgrades.add(socket);
      return;
    }
    const token = new URL(req.url ?? '/', 'http://fake').searchParams.get('token');
    if (token !== FAKE.token || !fake.tokenValid) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const info = { id: ++socketIds, topics: new Set<string>() };
      sockets.set(ws, info);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let frame: Wire;
        try {
          frame = JSON.parse(data.toString()) as Wire;
        } catch {
          return;
        }
        fake.received.push({ socket: info.id, frame });
        if (fake.silent) return;
        const payload = (frame.payload ?? {}) as { topic?: string; message?: { text?: string } };
        if (frame.action === 'heartbeat' && payload.message?.text === 'ping') {
          ws.send(JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'pong' } } }));
        } else if (frame.action === 'subscribe' && payload.topic) {
          info.topics.add(payload.topic);
          ws.send(JSON.stringify({ action: 'publish', payload: { topic: payload.topic, method: 'CREATE', message: snapshot(payload.topic) } }));
        } else if (frame.action === 'unsubscribe' && payload.topic) {
          info.topics.delete(payload.topic);
        }
      });
    });
  });

  function snapshot(topic: string): unknown {
    const P = `/${FAKE.projectId}`;
    if (topic === `${P}/requests`) return [...fake.requests.values()].filter((r) => (r.status as number) < 1000);
    if (topic === `${P}/project_users/${FAKE.projectUserId}`) return projectUser();
    const match = new RegExp(`^${P}/requests/(.+)/messages$`).exec(topic);
    if (match) return (fake.messages.get(match[1]!) ?? []).slice(0, 300);
    return null;
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}
