/** Child process: the browser host (the real core behind a local web server), as `npm run web` runs it. */
import { startBrowserHost } from '../../src/browser-host/host.ts';
import { serveChild } from './processes.ts';

export interface HostChildConfig {
  port: number;
  dataDir: string;
}

export interface HostReady {
  url: string;
  /** performance.timeOrigin + now() in the child when it was listening (same clock as the bench). */
  listeningAt: number;
}

export interface HostMemory {
  rss: number;
  heapUsed: number;
  /** Memory of Buffers and other C++ objects tied to JS (sockets, SQLite results). */
  external: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as HostChildConfig;

const handlers = {
  /** Memory after a full GC (the child runs with --expose-gc): what the process really retains. */
  async memory(): Promise<HostMemory> {
    globalThis.gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    return { rss, heapUsed, external };
  },
};

serveChild<HostReady>(handlers, async () => {
  const host = await startBrowserHost({ port: config.port, dataDir: config.dataDir, testHooks: true });
  return { ready: { url: host.url, listeningAt: performance.timeOrigin + performance.now() }, close: () => host.close() };
});
