/** Child process: the local Tiledesk-compatible server, started by the bench with `startServer`. */
import { startServer } from '../../server/index.ts';
import { serveChild } from './processes.ts';

export interface ServerChildConfig {
  port: number;
  dataDir: string;
  seed: boolean;
}

export interface ServerReady {
  url: string;
  /** performance.timeOrigin + now() in the child once it accepts connections (epoch ms, like the bench's clock). */
  listeningAt: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ServerChildConfig;

serveChild<ServerReady>({}, async () => {
  const server = await startServer({ port: config.port, dataDir: config.dataDir, seed: config.seed });
  return { ready: { url: server.url, listeningAt: performance.timeOrigin + performance.now() }, close: () => server.close() };
});
