/**
 * The IPC contract over a local WebSocket at /ipc (frames: src/shared/ipc/ws-wire.ts). Only pages served
 * by this host may connect: any other web page open in the user's browser could otherwise drive the
 * agent's signed-in session through 127.0.0.1.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { IpcResponse } from '../shared/ipc/contract.ts';
import { decodeFrame, encodeFrame, type BridgeHostFrame } from '../shared/ipc/ws-wire.ts';
import type { IpcDispatch } from '../main/core/ipc/router.ts';
import type { Logger } from '../main/core/ports.ts';

/** An attachment (1 MB) in base64 plus the rest of the frame fits; larger requests get a clear error. */
export const maxRequestBytes = 3 * 1024 * 1024;
/** Beyond this the socket is closed without reading the frame (1009). */
const hardFrameLimit = 16 * 1024 * 1024;

export interface IpcSocketOptions {
  dispatch: IpcDispatch;
  logger: Logger;
  isAllowedOrigin(origin: string | undefined): boolean;
  isAllowedHost(host: string | undefined): boolean;
  /** Sees each invoke before the core does (the page reports its focus through conversation.setViewed). */
  beforeDispatch(page: WebSocket, channel: string, args: unknown): void;
  pageConnected(page: WebSocket): void;
  pageDisconnected(page: WebSocket): void;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

function errorResponse(code: 'invalid_argument' | 'too_large' | 'internal', message: string): IpcResponse<unknown> {
  return { ok: false, error: { code, message } };
}

export function createIpcSocket(options: IpcSocketOptions) {
  const server = new WebSocketServer({ noServer: true, maxPayload: hardFrameLimit });

  const send = (page: WebSocket, frame: BridgeHostFrame) => {
    if (page.readyState === page.OPEN) page.send(encodeFrame(frame));
  };

  async function handleFrame(page: WebSocket, data: RawData, isBinary: boolean) {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary || bytes.length === 0) {
      send(page, { type: 'result', id: -1, response: errorResponse('invalid_argument', 'Malformed frame: expected a JSON text frame.') });
      return;
    }
    const text = bytes.toString('utf8');
    if (bytes.length > maxRequestBytes) {
      const id = Number(/^\{"type":"invoke","id":(\d{1,15})[,}]/.exec(text.slice(0, 100))?.[1] ?? -1);
      const megabytes = (count: number) => (count / 1048576).toFixed(1);
      send(page, { type: 'result', id, response: errorResponse('too_large', `Request too large (${megabytes(bytes.length)} MB; the limit is ${megabytes(maxRequestBytes)} MB).`) });
      return;
    }
    let frame: unknown;
    try {
      frame = decodeFrame(text);
    } catch {
      send(page, { type: 'result', id: -1, response: errorResponse('invalid_argument', 'Malformed frame: not valid JSON.') });
      return;
    }
    const record = frame && typeof frame === 'object' ? (frame as Record<string, unknown>) : {};
    const id = Number.isSafeInteger(record.id) ? (record.id as number) : -1;
    if (record.type !== 'invoke' || id < 0 || typeof record.channel !== 'string') {
      send(page, { type: 'result', id, response: errorResponse('invalid_argument', 'Malformed frame: expected {type:"invoke", id, channel, args}.') });
      return;
    }
    let response: IpcResponse<unknown>;
    try {
      options.beforeDispatch(page, record.channel, record.args);
      response = await options.dispatch(record.channel, record.args);
    } catch (error) {
      options.logger.error(`IPC ${record.channel.slice(0, 100)} failed in the host`, error);
      response = errorResponse('internal', error instanceof Error ? error.message : String(error));
    }
    send(page, { type: 'result', id, response });
  }

  server.on('connection', (page: WebSocket) => {
    options.pageConnected(page);
    page.on('message', (data, isBinary) => void handleFrame(page, data, isBinary));
    page.on('close', () => options.pageDisconnected(page));
    page.on('error', (error) => options.logger.warn('IPC socket error', error.message));
  });

  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      if (!options.isAllowedHost(request.headers.host)) return rejectUpgrade(socket, 403, 'Forbidden host');
      if (!options.isAllowedOrigin(request.headers.origin)) return rejectUpgrade(socket, 403, 'Forbidden origin');
      server.handleUpgrade(request, socket, head, (page) => server.emit('connection', page, request));
    },
    broadcast(frame: BridgeHostFrame) {
      const text = encodeFrame(frame);
      for (const page of server.clients) if (page.readyState === page.OPEN) page.send(text);
    },
    pages: () => server.clients.size,
    close() {
      for (const page of server.clients) page.terminate();
      server.close();
    },
  };
}
