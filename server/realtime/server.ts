import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { DomainEvent, EventBus } from '../events.ts';
import type { Authenticator } from '../http/auth.ts';
import { newUuid } from '../ids.ts';
import type { RequestDoc } from '../store/types.ts';
import { subscribe, type TopicDeps } from './topics.ts';

export const DEFAULT_HEARTBEAT_MS = 30_000;

interface Client {
  socket: WebSocket;
  id: string;
  userId: string;
  topics: Set<string>;
  alive: boolean;
}

type Method = 'CREATE' | 'UPDATE';

const PING = JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
const PONG = JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'pong' } } });

function refuseUpgrade(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

export interface RealtimeOptions extends TopicDeps {
  auth: Authenticator;
  events: EventBus;
  heartbeatMs: number;
}

/**
 * The realtime API of §6: one WebSocket at `/` with `?token=`, subscribe/unsubscribe/heartbeat/me frames,
 * one CREATE snapshot per accepted subscription, live CREATE/UPDATE publishes, app-level heartbeat.
 *
 * Deliberate differences: a visitor (guest) token is refused with 401 instead of leaving the handshake
 * hanging, and client `publish`/`broadcast` frames are ignored. The real server relays those to every
 * subscriber of the topic without any check, which would let any signed-in user inject fake request or
 * message events into other agents' apps.
 */
export class RealtimeServer {
  readonly #options: RealtimeOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  readonly #clients = new Set<Client>();
  readonly #topics = new Map<string, Set<Client>>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #unsubscribeEvents: () => void;

  constructor(server: Server, options: RealtimeOptions) {
    this.#options = options;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.#upgrade(req, socket, head).catch(() => refuseUpgrade(socket, 500));
    });
    this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#unsubscribeEvents = options.events.on((event) => this.#onEvent(event));
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/') return refuseUpgrade(socket, 400);
    const token = (url.searchParams.get('token') ?? '').replace(/^JWT\s+/i, '');
    const identity = token ? await this.#options.auth.identify(token) : undefined;
    if (!identity || identity.kind !== 'user') return refuseUpgrade(socket, 401);
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connect(ws, identity.id));
  }

  #connect(socket: WebSocket, userId: string): void {
    const client: Client = { socket, id: newUuid(), userId, topics: new Set(), alive: true };
    this.#clients.add(client);
    socket.on('message', (data, isBinary) => {
      client.alive = true;
      if (!isBinary) this.#onFrame(client, data);
    });
    socket.on('close', () => this.#drop(client));
    socket.on('error', () => socket.terminate());
  }

  #onFrame(client: Client, data: RawData): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { action, payload } = frame as { action?: unknown; payload?: { topic?: unknown; message?: { text?: unknown } } };
    const topic = typeof payload?.topic === 'string' ? payload.topic : undefined;
    if (action === 'subscribe' && topic) this.#subscribe(client, topic);
    else if (action === 'unsubscribe' && topic) this.#unsubscribe(client, topic);
    else if (action === 'heartbeat' && payload?.message?.text === 'ping') this.#send(client, PONG);
    else if (action === 'me') this.#send(client, JSON.stringify({ action: 'me', payload: { id: client.id, userId: null } }));
  }

  #subscribe(client: Client, topic: string): void {
    const result = subscribe(this.#options, client.userId, topic);
    if (!result.accepted) return;
    client.topics.add(topic);
    let subscribers = this.#topics.get(topic);
    if (!subscribers) this.#topics.set(topic, (subscribers = new Set()));
    subscribers.add(client);
    this.#send(client, JSON.stringify({ action: 'publish', payload: { topic, method: 'CREATE', message: result.message } }));
  }

  #unsubscribe(client: Client, topic: string): void {
    client.topics.delete(topic);
    const subscribers = this.#topics.get(topic);
    subscribers?.delete(client);
    if (subscribers?.size === 0) this.#topics.delete(topic);
  }

  #drop(client: Client): void {
    for (const topic of client.topics) this.#unsubscribe(client, topic);
    this.#clients.delete(client);
  }

  #send(client: Client, text: string): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(text);
  }

  /** A client that sent nothing since the previous beat is terminated (1006, no close frame), as on the real server. */
  #beat(): void {
    for (const client of this.#clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      this.#send(client, PING);
    }
  }

  /** Sends to every subscriber of the topic; the payload is only built when someone listens. */
  #publish(topic: string, method: Method, message: () => unknown): void {
    const subscribers = this.#topics.get(topic);
    if (!subscribers || subscribers.size === 0) return;
    const text = JSON.stringify({ action: 'publish', payload: { topic, method, message: message() } });
    for (const client of subscribers) this.#send(client, text);
  }

  /** Live publishes of §6.6; request events go to every subscriber of the topic, unfiltered, as on the real server. */
  #onEvent(event: DomainEvent): void {
    const { views } = this.#options;
    const requestTopics = (request: RequestDoc, method: Method, view: 'detail' | 'ws-update'): void => {
      if (request.preflight || request.status <= 50) return;
      const base = `/${request.id_project}/requests`;
      if (!request.draft) this.#publish(base, method, () => views.request(request, view));
      this.#publish(`${base}/${request.request_id}`, method, () => views.request(request, view));
    };
    switch (event.type) {
      case 'request.create':
        return requestTopics(event.request, 'CREATE', 'detail');
      case 'request.update':
        return requestTopics(event.request, 'UPDATE', 'ws-update');
      case 'message.create': {
        const { message, request } = event;
        return this.#publish(`/${message.id_project}/requests/${message.recipient}/messages`, 'CREATE', () => views.message(message, request, 'lean'));
      }
      case 'project_user.update': {
        const { projectUser } = event;
        const view = () => views.projectUser(projectUser, { user: 'name', busy: true });
        this.#publish(`/${projectUser.id_project}/project_users/${projectUser._id}`, 'UPDATE', view);
        this.#publish(`/${projectUser.id_project}/project_users/users/${projectUser.id_user ?? projectUser.uuid_user}`, 'UPDATE', view);
        return;
      }
      case 'request.close':
        return;
    }
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.#unsubscribeEvents();
    for (const client of this.#clients) client.socket.terminate();
    this.#wss.close();
  }
}
