/** Child process for the cold-start floor: the least a host can do, serve one static page. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChild } from './processes.ts';

const page = '<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><p id="ready">ready</p></body></html>';

serveChild<{ url: string }>({}, async () => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(page)) });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { ready: { url: `http://127.0.0.1:${port}/` }, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
});
