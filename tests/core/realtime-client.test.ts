/**
 * The WebSocket client on its own, against a scriptable server: heartbeat pace, dead-link detection,
 * connect timeout, backoff, paced and replayed subscriptions, a refused token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/main/core/realtime/backoff.ts';
import { createRealtimeClient, type RealtimeClient, type RealtimeState, type RealtimeTuning } from '../../src/main/core/realtime/realtime-client.ts';
import { realtimeUrl } from '../../src/main/core/api/server-url.ts';
import { eventually } from '../helpers/core-client.ts';
import { FAKE, startFakeTiledesk, type FakeTiledesk } from '../helpers/fake-tiledesk.ts';
import { createTestPorts } from '../helpers/test-ports.ts';

let fake: FakeTiledesk | null = null;
let client: RealtimeClient | null = null;

afterEach(async () => {
  client?.stop();
  client = null;
  await fake?.close();
  fake = null;
});

function connect(server: FakeTiledesk, tuning: Partial<RealtimeTuning>) {
  const states: (RealtimeState & { at: number })[] = [];
  const publishes: { topic: string; message: unknown }[] = [];
  let opens = 0;
  let authRejected = 0;
  const ports = createTestPorts();
  client = createRealtimeClient({
    url: () => realtimeUrl(server.url, FAKE.token),
    logger: ports.logger,
    tuning,
    handlers: {
      onPublish: (topic, _method, message) => publishes.push({ topic, message }),
      onOpen: () => opens++,
      onStateChange: (state) => states.push({ ...state, at: Date.now() }),
      onAuthRejected: () => authRejected++,
    },
  });
  client.start();
  return { states, publishes, opens: () => opens, authRejected: () => authRejected, ports };
}

const pings = (server: FakeTiledesk) => server.received.filter(({ frame }) => frame.action === 'heartbeat');

describe('heartbeat and liveness', () => {
  it('sends a heartbeat ping at the configured pace while connected', async () => {
    fake = await startFakeTiledesk();
    const { states } = connect(fake, { heartbeatMs: 100, deadLinkMs: 2000 });
    await eventually(() => states.some((s) => s.status === 'online'));
    const onlineAt = Date.now();
    // Keeps pinging while connected (a loaded CI machine may delay timers, so wait for the count, not a clock).
    await eventually(() => pings(fake!).length >= 5);
    const elapsed = Date.now() - onlineAt;
    // ...and does not flood: 5 pings at a 100 ms pace cannot arrive in much less than 400 ms.
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(pings(fake)[0]!.frame).toEqual({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
  });

  it('notices a link that stays open but goes silent, and reconnects within the dead-link time', async () => {
    fake = await startFakeTiledesk();
    const { states, opens } = connect(fake, { heartbeatMs: 100, deadLinkMs: 600, backoff: { initialMs: 50, maxMs: 100 } });
    await eventually(() => opens() === 1);
    fake.silent = true;
    const silentFrom = Date.now();
    await eventually(() => states.some((s) => s.status === 'reconnecting' && s.at > silentFrom), 3000);
    const detectedAfter = states.find((s) => s.status === 'reconnecting' && s.at > silentFrom)!.at - silentFrom;
    expect(detectedAfter).toBeLessThan(600 + 300);
    expect(states.find((s) => s.status === 'reconnecting')?.lastError).toMatch(/heartbeat/);
    fake.silent = false;
    await eventually(() => opens() === 2, 3000);
  });

  it('gives up on an upgrade that never answers, and keeps retrying', async () => {
    fake = await startFakeTiledesk();
    fake.hangUpgrades = true;
    const { states } = connect(fake, { connectTimeoutMs: 300, backoff: { initialMs: 50, maxMs: 100 } });
    await eventually(() => states.some((s) => s.status === 'reconnecting'), 3000);
    expect(states.find((s) => s.status === 'reconnecting')?.lastError).toMatch(/timeout|timed out/i);
    fake.hangUpgrades = false;
    await eventually(() => states.at(-1)?.status === 'online', 3000);
  });

  it('reports a refused token (401 on the upgrade) so the session can be checked', async () => {
    fake = await startFakeTiledesk();
    fake.tokenValid = false;
    const watcher = connect(fake, { backoff: { initialMs: 50, maxMs: 100 } });
    await eventually(() => watcher.authRejected() > 0, 3000);
  });
});

describe('reconnecting', () => {
  it('backs off exponentially with jitter, from 1 s doubling to a 30 s cap', () => {
    const policy = { initialMs: 1000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, policy, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(0, policy, () => 0)).toBe(800);
    expect(backoffDelay(0, policy, () => 1)).toBe(1200);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
  });

  it('waits longer after each failed attempt, says when it retries, and turns "offline" after repeated failures', async () => {
    fake = await startFakeTiledesk();
    const { states, opens } = connect(fake, { backoff: { initialMs: 100, maxMs: 800 }, offlineAfterFailures: 3 });
    await eventually(() => opens() === 1);
    await fake.close();
    fake = null;
    await eventually(() => states.filter((s) => s.retryAt !== null).length >= 4, 5000);
    const waits = states.filter((s) => s.retryAt !== null).map((s) => s.retryAt! - s.at);
    expect(waits[1]!).toBeGreaterThan(waits[0]! * 1.3);
    expect(waits[2]!).toBeGreaterThan(waits[1]! * 1.3);
    expect(states.filter((s) => s.retryAt !== null).map((s) => s.status).slice(0, 4)).toEqual(['reconnecting', 'reconnecting', 'offline', 'offline']);
  });
});

describe('subscriptions', () => {
  it('replays every subscription after a reconnect and paces large sets', async () => {
    fake = await startFakeTiledesk();
    const topics = Array.from({ length: 60 }, (_, i) => `/${FAKE.projectId}/requests/r${i}/messages`);
    const { opens } = connect(fake, { subscribeBurst: 10, subscribeIntervalMs: 40, backoff: { initialMs: 50, maxMs: 100 } });
    for (const topic of topics) client!.subscribe(topic);
    await eventually(() => opens() === 1);
    const subscribesOn = (socket: number) => fake!.received.filter((r) => r.socket === socket && r.frame.action === 'subscribe');
    await eventually(() => subscribesOn(1).length === 60);
    const firstTen = fake.received.filter((r) => r.frame.action === 'subscribe').slice(0, 10);
    expect(firstTen).toHaveLength(10);

    client!.unsubscribe(topics[0]!);
    await eventually(() => fake!.received.some((r) => r.frame.action === 'unsubscribe'));
    fake.closeSockets();
    await eventually(() => opens() === 2, 3000);
    await eventually(() => subscribesOn(2).length === 59);
    expect(subscribesOn(2).map((r) => (r.frame.payload as { topic: string }).topic)).not.toContain(topics[0]);
  });
});
