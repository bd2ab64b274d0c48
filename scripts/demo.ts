/**
 * `npm run demo`: the local Tiledesk-compatible server (seeded, with simulated visitors) plus the app —
 * Electron where its binary is installed, else the browser host. Ctrl+C stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
let stopping = false;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

async function pickPort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : preferred));
    });
  });
}

function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${label} exited (${signal ?? `code ${code}`}); stopping the demo.`);
    void stop(code ?? 1);
  });
  return child;
}

async function waitForHttp(url: string, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  await Promise.race([
    Promise.all(running.map((child) => new Promise((done) => child.once('exit', done)))),
    new Promise((done) => setTimeout(done, 5000)),
  ]);
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const serverPort = await pickPort(3000);
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  start('The Tiledesk server', process.execPath, ['server/cli.ts', '--port', String(serverPort), '--data', '.data/demo', '--seed', '--simulate']);
  await waitForHttp(`${serverUrl}/`, 'The Tiledesk server');

  // Both hosts read this, so the sign-in offers (and preselects) this server whatever port it got.
  const appEnv = { ...process.env, TILEDESK_LOCAL_SERVER_URL: serverUrl };

  console.log('Building the app (electron-vite build)…');
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}${build.stderr}`);

  const electron = findElectronBinary();
  let appDescription: string;
  if ('path' in electron) {
    // Electron refuses to run as root without --no-sandbox (containers, CI boxes).
    const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    start('Electron', electron.path, args, appEnv);
    appDescription = 'Tiledesk Agent (Electron) is starting';
  } else {
    const webPort = await pickPort(5173);
    console.log(`Electron binary not installed (${electron.missing}): using the browser host instead.`);
    start('The browser host', process.execPath, ['src/browser-host/cli.ts', '--port', String(webPort), '--data', '.data/demo-web'], appEnv);
    await waitForHttp(`http://127.0.0.1:${webPort}/`, 'The browser host');
    appDescription = `Open http://127.0.0.1:${webPort}/ in your browser`;
  }

  console.log(`
  ${appDescription}.
  Sign in with:  server   ${serverUrl}   ("Local demo server", preselected)
                 email    agent@demo.test   (also owner@demo.test, agent2@demo.test)
                 password demo1234
  Simulated visitors keep writing in. Ctrl+C stops everything.
`);
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
