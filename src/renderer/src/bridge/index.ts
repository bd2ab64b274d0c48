/**
 * The renderer's single way to talk to the core. In Electron the preload provides `window.tiledesk`;
 * under the browser host the same AgentBridge is built over the host's local WebSocket.
 */
import type { AgentBridge, EventChannel, IpcResponse } from '../../../shared/ipc/contract.ts';
import { decodeFrame, encodeFrame, type BridgeHostFrame } from '../../../shared/ipc/ws-wire.ts';

const reconnectListeners = new Set<() => void>();

/** The browser host's socket came back after a drop: the renderer must resync (Electron's bridge never drops). */
export function onBridgeReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function createWebSocketBridge(url: string): AgentBridge {
  let everOpened = false;
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (response: IpcResponse<unknown>) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  function connect(): Promise<WebSocket> {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
        if (everOpened) for (const listener of reconnectListeners) listener();
        everOpened = true;
      };
      ws.onerror = () => reject(new Error('The local app host is not reachable.'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const settle of pending.values()) settle({ ok: false, error: { code: 'internal', message: 'The local app host closed the connection.' } });
        pending.clear();
        // The host outlives page reloads but not restarts: retry so a restarted host is picked up.
        setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (event) => {
        let frame: BridgeHostFrame;
        try {
          frame = decodeFrame(String(event.data)) as BridgeHostFrame;
        } catch {
          console.warn('Ignored a malformed frame from the local app host.');
          return;
        }
        if (frame?.type === 'result') {
          pending.get(frame.id)?.(frame.response);
          pending.delete(frame.id);
        } else if (frame?.type === 'event') {
          for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
        }
      };
    });
    return opened;
  }

  return {
    async invoke(channel, args) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: (error as Error).message } };
      }
      const id = nextId++;
      const response = new Promise<IpcResponse<unknown>>((resolve) => pending.set(id, resolve));
      ws.send(encodeFrame({ type: 'invoke', id, channel, args }));
      return response as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

function bridgeUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/ipc`;
}

export const bridge: AgentBridge = window.tiledesk ?? createWebSocketBridge(bridgeUrl());
