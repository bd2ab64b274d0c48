/**
 * The project's local Tiledesk-compatible server, started in-process on a free port with a temp data dir,
 * plus small REST actors (a visitor, another agent) that act on it the way real people would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/index.ts';

export const DEMO_PASSWORD = 'demo1234';
export const DEMO = { owner: 'owner@demo.test', agent: 'agent@demo.test', agent2: 'agent2@demo.test' } as const;

export interface LocalServer {
  server: RunningServer;
  url: string;
  port: number;
  dataDir: string;
  projectId: string;
  /** Stops the server (keeping its data dir). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data dir. */
  restart(): Promise<void>;
  /** Stops it and removes its data dir. */
  destroy(): Promise<void>;
}

export async function startLocalServer(options: { heartbeatMs?: number } = {}): Promise<LocalServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiledesk-server-'));
  let server = await startServer({ port: 0, dataDir, seed: true, heartbeatMs: options.heartbeatMs ?? 1000 });
  const port = server.port;
  const projectId = server.seed!.projectId;
  let running = true;
  const local: LocalServer = {
    server,
    url: server.url,
    port,
    dataDir,
    projectId,
    async stop() {
      if (!running) return;
      running = false;
      await server.close();
    },
    async restart() {
      if (running) return;
      server = await startServer({ port, dataDir, heartbeatMs: options.heartbeatMs ?? 1000 });
      local.server = server;
      running = true;
    },
    async destroy() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return local;
}

/**
 * The same server as a child process (`server/cli.ts`), stopped with SIGKILL: no close frames, no graceful
 * shutdown, exactly what a crashed or unplugged server looks like to the app.
 */
export async function startChildServer(options: { heartbeatMs?: number } = {}): Promise<LocalServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiledesk-server-'));
  const cli = join(import.meta.dirname, '../../server/cli.ts');
  let child: ChildProcess | null = null;

  async function launch(port: number, seed: boolean): Promise<{ url: string; port: number; projectId: string | null }> {
    const args = [cli, '--port', String(port), '--data', dataDir, '--heartbeat-ms', String(options.heartbeatMs ?? 1000), ...(seed ? ['--seed'] : [])];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 15_000);
      proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (!url || (seed && !/demo project .*\(([0-9a-f]{24})\)/.test(output))) return;
        clearTimeout(timer);
        resolve({ url, port: Number(new URL(url).port), projectId: /demo project .*\(([0-9a-f]{24})\)/.exec(output)?.[1] ?? null });
      });
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}): ${output}`));
      });
    });
  }

  const first = await launch(0, true);
  const local: LocalServer = {
    server: null as unknown as RunningServer,
    url: first.url,
    port: first.port,
    dataDir,
    projectId: first.projectId!,
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      running.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    async restart() {
      if (child) return;
      await launch(first.port, false);
    },
    async destroy() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return local;
}

async function rest(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** A signed-in agent acting through REST directly (not through the app). */
export async function restAgent(baseUrl: () => string, email: string) {
  const signin = (await rest(baseUrl(), null, 'POST', '/auth/signin', { email, password: DEMO_PASSWORD })) as { token: string; user: { _id: string } };
  const token = signin.token;
  return {
    userId: signin.user._id,
    token,
    call: (method: string, path: string, body?: unknown) => rest(baseUrl(), token, method, path, body),
  };
}

/** An anonymous website visitor of a project, writing through the widget's REST routes. */
export async function visitor(baseUrl: () => string, projectId: string, firstname: string) {
  const signin = (await rest(baseUrl(), null, 'POST', '/auth/signinAnonymously', { id_project: projectId, firstname })) as {
    token: string;
    user: { _id: string };
  };
  const requestId = `support-group-${projectId}-${crypto.randomUUID().replaceAll('-', '')}`;
  return {
    id: signin.user._id,
    requestId,
    say: (text: string) => rest(baseUrl(), signin.token, 'POST', `/${projectId}/requests/${requestId}/messages`, { text }) as Promise<{ _id: string }>,
  };
}
