import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './index.ts';

const USAGE = `Usage: npm run server -- [options]

  --port <n>              TCP port (0 = any free port)                     [3000]
  --host <addr>           interface to listen on                           [127.0.0.1]
  --data <dir>            data directory (SQLite database)                 [.data/server]
  --seed                  create the demo project and accounts if absent
  --simulate              simulated visitors open conversations and write
  --pace-ms <n>           pause between two simulated visitor actions      [4000]
  --heartbeat-ms <n>      WebSocket heartbeat interval                     [30000]
  --webhook-retry-ms <n>  delay before the first webhook retry (doubles)   [1000]
  --help`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`--${name} needs a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return number;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'boolean' },
      simulate: { type: 'boolean' },
      'pace-ms': { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      'webhook-retry-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = integer('port', values.port);
const paceMs = integer('pace-ms', values['pace-ms']);
const heartbeatMs = integer('heartbeat-ms', values['heartbeat-ms']);
const webhookRetryBaseMs = integer('webhook-retry-ms', values['webhook-retry-ms']);
const server = await startServer({
  dataDir: resolve(values.data ?? '.data/server'),
  seed: values.seed ?? false,
  simulate: values.simulate ?? false,
  ...(port !== undefined ? { port } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(paceMs !== undefined ? { paceMs } : {}),
  ...(heartbeatMs ? { heartbeatMs } : {}),
  ...(webhookRetryBaseMs !== undefined ? { webhookRetryBaseMs } : {}),
});

// One write, so whoever waits for the "listening on" line has the rest of the banner too.
const banner = [
  `Tiledesk-compatible server listening on ${server.url} (data: ${server.dataDir})`,
  `  realtime: ${server.wsUrl}?token=<JWT from POST /auth/signin>`,
];
if (server.seed) {
  const { seed } = server;
  banner.push(`  demo project "${seed.projectName}" (${seed.projectId}), password "${seed.password}" for:`);
  for (const user of Object.values(seed.users)) {
    const role = user === seed.users.owner ? 'owner' : 'agent';
    banner.push(`    ${user.email.padEnd(18)} ${user.firstname} ${user.lastname} (${role})`);
  }
}
if (values.simulate) banner.push(`  simulated visitors: on, one action every ${paceMs ?? 4000} ms`);
console.log(banner.join('\n'));

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close().then(() => process.exit(0), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
