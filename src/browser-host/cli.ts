/** `npm run web -- --port <p> [--data <dir>] [--test-hooks] [--renderer <dir>] [--local-server <url>]` */
import { parseArgs } from 'node:util';
import { LOCAL_SERVER_ENV, parseLocalServerUrl } from '../main/electron/local-server.ts';
import { startBrowserHost } from './host.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    data: { type: 'string', default: '.data/web' },
    'test-hooks': { type: 'boolean', default: false },
    renderer: { type: 'string' },
    /** Defaults to $TILEDESK_LOCAL_SERVER_URL (set by `npm run demo`). */
    'local-server': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 picks a free one), not "${values.port}"`);
  process.exit(2);
}

let localServerUrl: string | null;
try {
  localServerUrl = parseLocalServerUrl(values['local-server'] ?? process.env[LOCAL_SERVER_ENV]);
} catch (error) {
  console.error(`--local-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

try {
  const host = await startBrowserHost({ port, dataDir: values.data, testHooks: values['test-hooks'], rendererDir: values.renderer, localServerUrl });
  console.log(`browser host listening on ${host.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('browser host did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`browser host failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
