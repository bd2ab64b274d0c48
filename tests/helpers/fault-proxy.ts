/**
 * An HTTP + WebSocket pass-through proxy in front of a server, which a test can tell to answer some calls
 * itself (401, 429, 500…) or to forward a call and never return the answer (the app "crashes" after the
 * server got its request). WebSocket upgrades are piped through untouched.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export type ProxyDecision = 'pass' | 'hold' | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FaultProxy {
  url: string;
  rule: ((request: { method: string; path: string }) => ProxyDecision) | null;
  /** Requests forwarded whose answers were withheld. */
  held: { method: string; path: string; status: number }[];
  log: { method: string; path: string; decision: string }[];
  /** Drops every WebSocket and refuses new ones while true (REST keeps working). */
  webSocketsCut: boolean;
  cutWebSockets(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: () => string): Promise<FaultProxy> {
  const tunnels = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    rule: null,
    held: [],
    log: [],
    webSocketsCut: false,
    cutWebSockets() {
      proxy.webSocketsCut = true;
      for (const socket of tunnels) socket.destroy();
    },
    async close() {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://proxy');
    const decision = proxy.rule?.({ method, path: url.pathname }) ?? 'pass';
    proxy.log.push({ method, path: url.pathname, decision: typeof decision === 'string' ? decision : String(decision.status) });
    const payload = await body(req);
    if (typeof decision === 'object') {
      const text = typeof decision.body === 'string' ? decision.body : JSON.stringify(decision.body ?? { msg: `forced ${decision.status}` });
      res.writeHead(decision.status, { 'content-type': typeof decision.body === 'string' ? 'text/plain' : 'application/json', ...decision.headers });
      res.end(text);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(key)) headers[key] = value;
    }
    try {
      const answer = await fetch(target() + (req.url ?? '/'), { method, headers, body: payload.length > 0 ? new Uint8Array(payload) : undefined });
      const text = Buffer.from(await answer.arrayBuffer());
      if (decision === 'hold') {
        proxy.held.push({ method, path: url.pathname, status: answer.status });
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(text);
    } catch {
      res.destroy();
    }
  });

  server.on('upgrade', (req, client, head) => {
    if (proxy.webSocketsCut) {
      client.destroy();
      return;
    }
    const upstream = new URL(target());
    const socket = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) socket.write(head);
      socket.pipe(client);
      client.pipe(socket);
    });
    tunnels.add(socket);
    tunnels.add(client as Socket);
    const end = () => {
      socket.destroy();
      client.destroy();
      tunnels.delete(socket);
      tunnels.delete(client as Socket);
    };
    socket.on('error', end);
    client.on('error', end);
    socket.on('close', end);
    client.on('close', end);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
