/**
 * The outbox pump on its own (real cache, scripted API, fake timers): a reply waiting for its backoff is never
 * left without a wake-up, even when the timer fires a moment before Date.now() reaches the due time (Node
 * timers run on the monotonic clock, so this happens, more often on a loaded machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { HttpError } from '../../src/main/core/api/http-client.ts';
import type { TiledeskApi } from '../../src/main/core/api/tiledesk-api.ts';
import { openCacheStore } from '../../src/main/core/cache/sqlite-cache.ts';
import { createOutbox } from '../../src/main/core/outbox/outbox.ts';
import { createChangeBatcher } from '../../src/main/core/sync/change-batcher.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  while (cleanups.length) cleanups.pop()!();
});

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

it('retries a reply whose backoff timer fires just before Date.now() reaches its due time', async () => {
  let clock = 1_000_000;
  const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

  const dir = mkdtempSync(join(tmpdir(), 'tiledesk-outbox-pump-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const cache = openCacheStore(join(dir, 'cache.sqlite'), logger);
  cleanups.push(() => cache.close());
  const batcher = createChangeBatcher({ flushMs: 20, emit: () => undefined });
  cleanups.push(() => batcher.dispose());

  let posts = 0;
  const api = {
    listMessages: async () => [],
    sendMessage: async (_projectId: string, _requestId: string, body: Record<string, unknown>) => {
      posts++;
      if (posts === 1) throw new HttpError('server', 'The server failed (HTTP 500)', 500);
      return { ...body, _id: 'server-1' };
    },
  } as unknown as TiledeskApi;

  const outbox = createOutbox({
    projectId: 'p1',
    serverUrl: 'http://127.0.0.1:1',
    me: { userId: 'u1', fullName: 'Me' },
    cache,
    api,
    filesDir: join(dir, 'files'),
    batcher,
    deliver: () => undefined,
    onPendingChange: () => undefined,
    onFailed: () => undefined,
    canSend: () => true,
    logger,
    tuning: { backoff: { initialMs: 50, maxMs: 200 }, maxServerFailures: 3 },
  });
  cleanups.push(() => outbox.dispose());

  await outbox.send('c1', 'hello');
  await settle();
  expect(posts).toBe(1);
  const waiting = cache.outboxList()[0]!;
  expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
  const due = waiting.nextAttemptAt;
  expect(due).toBeGreaterThan(clock);

  // The backoff timer fires while Date.now() still reads 1 ms short of the due time, and the clock ticks over
  // while the pump looks: the pump sees "not yet", and by the time it re-arms the entry is already due.
  now.mockImplementationOnce(() => due - 1);
  const delay = due - clock;
  clock = due;
  await vi.advanceTimersByTimeAsync(delay);
  await settle();
  await vi.advanceTimersByTimeAsync(10);
  await settle();

  expect(posts).toBe(2);
  expect(outbox.pendingCount()).toBe(0);
});
