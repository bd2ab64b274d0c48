/**
 * One WebSocket to the Tiledesk realtime API: connect timeout, app-level heartbeat, dead-link detection,
 * reconnect with backoff, and a paced subscription queue that is replayed on every (re)connect.
 * It knows nothing about requests or messages: publishes go to `onPublish`, the sync engine interprets them.
 */
import WebSocket from 'ws';
import type { Logger } from '../ports.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { clientFrames, parseServerFrame } from './frames.ts';

export interface RealtimeTuning {
  /** How often we send `heartbeat ping` (the server drops a client silent for a 30 s window). */
  heartbeatMs: number;
  /** No frame at all for this long → the link is dead. */
  deadLinkMs: number;
  connectTimeoutMs: number;
  backoff: BackoffPolicy;
  /** Subscribe frames sent per tick, and the tick: each subscribe costs the server a snapshot query. */
  subscribeBurst: number;
  subscribeIntervalMs: number;
  /** Consecutive failed attempts after which the state says 'offline' rather than 'reconnecting'. */
  offlineAfterFailures: number;
}

export const DEFAULT_REALTIME_TUNING: RealtimeTuning = {
  heartbeatMs: 20_000,
  deadLinkMs: 35_000,
  connectTimeoutMs: 15_000,
  backoff: { initialMs: 1000, maxMs: 30_000 },
  subscribeBurst: 20,
  subscribeIntervalMs: 100,
  offlineAfterFailures: 3,
};

export type RealtimeStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface RealtimeState {
  status: RealtimeStatus;
  retryAt: number | null;
  lastError: string | null;
}

export interface RealtimeHandlers {
  onPublish(topic: string, method: 'CREATE' | 'UPDATE', message: unknown): void;
  /** The socket is open and subscriptions are being (re)sent: time to catch up over REST. */
  onOpen(): void;
  onStateChange(state: RealtimeState): void;
  /** The upgrade was refused with 401: the token is no longer accepted. */
  onAuthRejected(): void;
}

export interface RealtimeClient {
  start(): void;
  stop(): void;
  subscribe(topic: string, options?: { urgent?: boolean }): void;
  unsubscribe(topic: string): void;
  isSubscribed(topic: string): boolean;
  /** Connect right away if not connected (network back, window shown); no-op when online. */
  reconnectNow(): void;
  /** Drop the current socket, even if it looks open (after sleep it is most likely dead), and reconnect. */
  restart(): void;
  readonly state: RealtimeState;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function createRealtimeClient(options: {
  url: () => string;
  logger: Logger;
  handlers: RealtimeHandlers;
  tuning?: Partial<RealtimeTuning>;
}): RealtimeClient {
  const tuning = { ...DEFAULT_REALTIME_TUNING, ...options.tuning };
  const { logger, handlers } = options;
  const desired = new Set<string>();
  /** Topics subscribed on the current socket, and the ones waiting for their turn. */
  const sent = new Set<string>();
  let queue: string[] = [];
  let socket: WebSocket | null = null;
  let running = false;
  let failures = 0;
  let lastFrameAt = 0;
  let heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  let pacingTimer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let state: RealtimeState = { status: 'idle', retryAt: null, lastError: null };

  function setState(next: RealtimeState) {
    if (next.status === state.status && next.retryAt === state.retryAt && next.lastError === state.lastError) return;
    state = next;
    handlers.onStateChange(state);
  }

  function clearTimers() {
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    if (pacingTimer) clearInterval(pacingTimer);
    if (connectTimer) clearTimeout(connectTimer);
    heartbeatTimer = pacingTimer = connectTimer = null;
  }

  function send(frame: string): boolean {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    try {
      socket.send(frame);
      return true;
    } catch (error) {
      logger.warn('WebSocket send failed', error);
      return false;
    }
  }

  function drainQueue() {
    for (let sentNow = 0; sentNow < tuning.subscribeBurst && queue.length > 0; ) {
      const topic = queue.shift()!;
      if (!desired.has(topic) || sent.has(topic)) continue;
      if (!send(clientFrames.subscribe(topic))) {
        queue.unshift(topic);
        return;
      }
      sent.add(topic);
      sentNow++;
    }
    if (queue.length === 0 && pacingTimer) {
      clearInterval(pacingTimer);
      pacingTimer = null;
    }
  }

  function schedulePacing() {
    if (pacingTimer || !socket || socket.readyState !== WebSocket.OPEN) return;
    drainQueue();
    if (queue.length > 0) pacingTimer = setInterval(drainQueue, tuning.subscribeIntervalMs);
  }

  function dropSocket(reason: string) {
    const current = socket;
    socket = null;
    clearTimers();
    sent.clear();
    if (current) {
      current.removeAllListeners();
      current.on('error', () => undefined);
      try {
        current.terminate();
      } catch {
        // already closed
      }
    }
    if (!running) return;
    failures++;
    const delay = backoffDelay(failures - 1, tuning.backoff);
    const retryAt = Date.now() + delay;
    setState({ status: failures >= tuning.offlineAfterFailures ? 'offline' : 'reconnecting', retryAt, lastError: reason });
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function connect() {
    if (!running || socket) return;
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    setState({ status: failures >= tuning.offlineAfterFailures ? 'offline' : 'connecting', retryAt: null, lastError: state.lastError });
    let ws: WebSocket;
    try {
      ws = new WebSocket(options.url(), { handshakeTimeout: tuning.connectTimeoutMs, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    } catch (error) {
      dropSocket(error instanceof Error ? error.message : String(error));
      return;
    }
    socket = ws;
    // Belt and braces: a server that accepts TCP but never answers the upgrade (guest tokens do that).
    connectTimer = setTimeout(() => {
      if (socket === ws && ws.readyState === WebSocket.CONNECTING) dropSocket('connect timeout');
    }, tuning.connectTimeoutMs + 1000);

    ws.on('open', () => {
      if (socket !== ws) return;
      if (connectTimer) clearTimeout(connectTimer);
      connectTimer = null;
      lastFrameAt = Date.now();
      setState({ status: 'online', retryAt: null, lastError: null });
      let lastPingAt = 0;
      heartbeatTimer = setInterval(() => {
        const now = Date.now();
        if (now - lastFrameAt > tuning.deadLinkMs) {
          logger.warn(`WebSocket silent for ${now - lastFrameAt} ms: reconnecting`);
          dropSocket('no heartbeat from the server');
          return;
        }
        if (now - lastPingAt >= tuning.heartbeatMs) {
          lastPingAt = now;
          send(clientFrames.heartbeat());
        }
      }, Math.max(100, Math.min(tuning.heartbeatMs, Math.floor(tuning.deadLinkMs / 4))));
      queue = [...desired];
      schedulePacing();
      handlers.onOpen();
    });
    ws.on('message', (data, isBinary) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      // A frame proves the link works end to end: only now does the backoff start over.
      failures = 0;
      if (isBinary) return;
      const frame = parseServerFrame(data.toString());
      if (frame.kind === 'publish') {
        try {
          handlers.onPublish(frame.topic, frame.method, frame.message);
        } catch (error) {
          logger.error(`Handling a publish on ${frame.topic} failed`, error);
        }
      } else if (frame.kind === 'malformed') {
        logger.warn(`Ignoring a malformed WebSocket frame (${frame.reason})`, data.toString().slice(0, 200));
      }
    });
    ws.on('close', (code) => {
      if (socket === ws) dropSocket(`connection closed (${code})`);
    });
    ws.on('error', (error) => {
      if (socket !== ws) return;
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      if (status === '401') {
        logger.warn('WebSocket upgrade refused with 401');
        handlers.onAuthRejected();
      }
      dropSocket(error.message);
    });
  }

  return {
    get state() {
      return state;
    },
    start() {
      if (running) return;
      running = true;
      failures = 0;
      connect();
    },
    stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null;
      clearTimers();
      sent.clear();
      queue = [];
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        current.terminate();
      }
      setState({ status: 'idle', retryAt: null, lastError: null });
    },
    subscribe(topic, subscribeOptions) {
      if (desired.has(topic)) return;
      desired.add(topic);
      if (subscribeOptions?.urgent) queue.unshift(topic);
      else queue.push(topic);
      schedulePacing();
    },
    unsubscribe(topic) {
      if (!desired.delete(topic)) return;
      queue = queue.filter((queued) => queued !== topic);
      if (sent.delete(topic)) send(clientFrames.unsubscribe(topic));
    },
    isSubscribed(topic) {
      return desired.has(topic);
    },
    reconnectNow() {
      if (!running || socket) return;
      failures = 0;
      connect();
    },
    restart() {
      if (!running) return;
      const current = socket;
      socket = null;
      clearTimers();
      sent.clear();
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        current.terminate();
      }
      failures = 0;
      connect();
    },
  };
}
