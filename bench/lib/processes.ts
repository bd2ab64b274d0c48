/**
 * The server and the browser host run in child processes of their own, as they would in production:
 * their event loops do not share the bench's, and the host's RSS can be read from /proc.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildHandle<Ready> {
  process: ChildProcess;
  pid: number;
  /** What the child sent once it was ready (e.g. its URL). */
  ready: Ready;
  /** Sends a request and waits for the child's answer with the same id. */
  request<T>(command: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Asks the child to shut down cleanly, then kills it. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, not a shutdown. */
  kill(): Promise<void>;
}

type ChildMessage = { type: 'ready'; value: unknown } | { type: 'reply'; id: number; value?: unknown; error?: string } | { type: 'fatal'; error: string };

const running = new Set<ChildProcess>();

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startChild<Ready>(script: string, config: unknown, options: { startTimeoutMs?: number; label: string; execArgv?: string[] }): Promise<ChildHandle<Ready>> {
  const child = fork(script, [JSON.stringify(config)], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (raw) => {
    const message = raw as ChildMessage;
    if (message.type !== 'reply') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`${options.label}: ${message.error}`));
    else waiter?.resolve(message.value);
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${options.label} exited (${signal ?? code}): ${output.slice(-800)}`));
    pending.clear();
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.label} did not start in time: ${output.slice(-800)}`)), options.startTimeoutMs ?? 30_000);
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.value as Ready);
      } else if (message.type === 'fatal') {
        clearTimeout(timer);
        reject(new Error(`${options.label} failed to start: ${message.error}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited before it was ready (${signal ?? code}): ${output.slice(-800)}`));
    });
  });

  return {
    process: child,
    pid: child.pid as number,
    ready,
    request<T>(command: Record<string, unknown>, timeoutMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${options.label}: ${String(command.type)} timed out`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ ...command, id });
      });
    },
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    },
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    },
  };
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }),
  );
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** The child side: announce readiness, answer requests, stop on request or when the parent goes away. */
export function serveChild<Ready>(handlers: Record<string, (command: Record<string, unknown>) => Promise<unknown>>, setup: () => Promise<{ ready: Ready; close(): Promise<void> }>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  process.on('disconnect', () => process.exit(0));
  setup().then(
    ({ ready, close }) => {
      process.on('message', (raw) => {
        const command = raw as Record<string, unknown> & { type: string; id: number };
        if (command.type === 'stop') {
          void close().finally(() => process.exit(0));
          return;
        }
        const handler = handlers[command.type];
        if (!handler) {
          send({ type: 'reply', id: command.id, error: `unknown command ${command.type}` });
          return;
        }
        handler(command).then(
          (value) => send({ type: 'reply', id: command.id, value }),
          (error: unknown) => send({ type: 'reply', id: command.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
        );
      });
      send({ type: 'ready', value: ready });
    },
    (error: unknown) => {
      send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
}
