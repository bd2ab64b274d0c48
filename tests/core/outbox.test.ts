/**
 * Replies are never lost and never sent twice: offline, across an app restart, across a crash between the
 * server receiving a reply and the app hearing back, and through 429/500/4xx answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import type { Message } from '../../src/shared/domain.ts';
import { call, callError, eventually } from '../helpers/core-client.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { DEMO, DEMO_PASSWORD, restAgent, startLocalServer, visitor, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A 1×1 PNG: real image bytes, so the server's content sniffing accepts it. */
const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
);

const tuning = {
  batchFlushMs: 20,
  realtime: { heartbeatMs: 200, deadLinkMs: 3000, backoff: { initialMs: 100, maxMs: 400 } },
  outbox: { backoff: { initialMs: 50, maxMs: 200 }, maxServerFailures: 3 },
};

interface Setup {
  local: LocalServer;
  proxy: FaultProxy;
  conversationId: string;
  owner: Awaited<ReturnType<typeof restAgent>>;
}

async function setup(): Promise<Setup> {
  const local = await startLocalServer({ heartbeatMs: 1000 });
  cleanups.push(() => local.destroy());
  const proxy = await startFaultProxy(() => local.url);
  cleanups.push(() => proxy.close());
  const owner = await restAgent(() => local.url, DEMO.owner);
  const guest = await visitor(() => local.url, local.projectId, 'Zed');
  await guest.say('Can someone help me?');
  await owner.call('PUT', `/${local.projectId}/requests/${guest.requestId}/participants`, [owner.userId]);
  return { local, proxy, conversationId: guest.requestId, owner };
}

async function startCore(url: string, ports: TestPorts = createTestPorts(), signIn = true): Promise<{ core: AgentCore; ports: TestPorts }> {
  const core = await createAgentCore(ports, tuning);
  cleanups.push(() => ports.cleanup());
  cleanups.push(() => core.dispose());
  if (signIn) await call(core, 'session.signIn', { serverUrl: url, email: DEMO.owner, password: DEMO_PASSWORD });
  await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && c.lastSyncAt !== null, { includePast: true });
  return { core, ports };
}

async function serverCopies(s: Setup, clientId: string): Promise<{ _id: string; text: string; type: string; metadata?: { src?: string } }[]> {
  const messages = (await s.owner.call('GET', `/${s.local.projectId}/requests/${s.conversationId}/messages`)) as {
    _id: string;
    text: string;
    type: string;
    metadata?: { src?: string };
    attributes?: { clientMessageId?: string };
  }[];
  return messages.filter((message) => message.attributes?.clientMessageId === clientId);
}

const placeholderUpdates = (ports: TestPorts, id: string): Message[] =>
  ports.eventsOf('sync.batch').flatMap((batch) => batch.messages.filter((message) => message.id === id));

describe('offline replies', () => {
  it('accepts replies at once while the server is down and delivers them in order, exactly once, when it is back', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.local.url);
    await s.local.stop();
    await ports.waitForEvent('connection.changed', (c) => c.status !== 'online', { includePast: true });

    const started = Date.now();
    const sent: Message[] = [];
    for (const text of ['one', 'two', 'three']) sent.push(await call(core, 'message.send', { conversationId: s.conversationId, text }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sent.map((m) => m.delivery)).toEqual(['pending', 'pending', 'pending']);
    expect(sent[0]!.id).toBe(`local:${sent[0]!.clientId}`);
    await eventually(() => ports.lastEvent('outbox.changed')?.pending === 3);
    const offlinePage = await call(core, 'conversation.open', { conversationId: s.conversationId });
    // Unsent (an attempt may be in flight at this instant), never failed: the network is the problem, not the reply.
    const unsent = offlinePage.messages.slice(-3);
    expect(unsent.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(unsent.every((m) => m.delivery === 'pending' || m.delivery === 'sending')).toBe(true);

    await s.local.restart();
    await eventually(() => ports.lastEvent('outbox.changed')?.pending === 0, 15_000);
    const replaced = () => ports.eventsOf('sync.batch').flatMap((b) => b.replacedMessageIds.map((r) => r.localId));
    await eventually(() => sent.every((message) => replaced().includes(message.id)));
    for (const message of sent) expect(await serverCopies(s, message.clientId!)).toHaveLength(1);
    const all = (await s.owner.call('GET', `/${s.local.projectId}/requests/${s.conversationId}/messages`)) as { text: string }[];
    expect(all.map((m) => m.text).filter((t) => ['one', 'two', 'three'].includes(t))).toEqual(['one', 'two', 'three']);
    const page = await call(core, 'conversation.open', { conversationId: s.conversationId });
    expect(page.messages.filter((m) => ['one', 'two', 'three'].includes(m.text)).map((m) => m.delivery)).toEqual(['sent', 'sent', 'sent']);
    expect(page.messages.some((m) => m.id.startsWith('local:'))).toBe(false);
  });

  it('keeps an offline image reply (bytes included) across an app restart and sends it when the server is back', async () => {
    const s = await setup();
    const first = await startCore(s.local.url);
    await s.local.stop();
    const placeholder = await call(first.core, 'message.send', {
      conversationId: s.conversationId,
      text: '',
      attachment: { fileName: 'dot.png', mimeType: 'image/png', data: PNG, width: 1, height: 1 },
    });
    expect(placeholder).toMatchObject({ type: 'image', delivery: 'pending', text: 'dot.png' });
    await first.core.dispose();

    const ports = createTestPorts({ dataDir: first.ports.dataDir, secretStore: first.ports.secretStore });
    const core = await createAgentCore(ports, tuning);
    cleanups.push(() => core.dispose());
    const page = await call(core, 'conversation.open', { conversationId: s.conversationId });
    expect(page.messages.find((m) => m.id === placeholder.id)?.delivery).toBe('pending');

    await s.local.restart();
    await eventually(() => ports.lastEvent('outbox.changed')?.pending === 0, 15_000);
    const copies = await serverCopies(s, placeholder.clientId!);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.type).toBe('image');
    const src = copies[0]!.metadata!.src!;
    expect(src.startsWith(`${s.local.url}/files?path=`)).toBe(true);
    const download = await fetch(src);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
  });
});

describe('crash between "sent" and "acknowledged"', () => {
  it('reconciles with the server after a restart instead of sending the reply again', async () => {
    const s = await setup();
    const first = await startCore(s.proxy.url);
    // The server stores the reply, but neither its answer nor the WebSocket echo reaches the app before it dies.
    s.proxy.cutWebSockets();
    s.proxy.rule = ({ method, path }) => (method === 'POST' && path.endsWith('/messages') ? 'hold' : 'pass');
    const placeholder = await call(first.core, 'message.send', { conversationId: s.conversationId, text: 'did this arrive?' });
    await eventually(() => s.proxy.held.length === 1);
    await first.core.dispose();
    expect(await serverCopies(s, placeholder.clientId!)).toHaveLength(1);

    s.proxy.rule = null;
    s.proxy.webSocketsCut = false;
    const ports = createTestPorts({ dataDir: first.ports.dataDir, secretStore: first.ports.secretStore });
    const { core } = await startCore(s.proxy.url, ports, false);
    await eventually(() => ports.lastEvent('outbox.changed')?.pending === 0);
    expect(await serverCopies(s, placeholder.clientId!)).toHaveLength(1);
    const page = await call(core, 'conversation.open', { conversationId: s.conversationId });
    expect(page.messages.filter((m) => m.text === 'did this arrive?').map((m) => m.delivery)).toEqual(['sent']);
  });
});

describe('server errors', () => {
  it('retries through 500 and 429 answers and delivers once', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.proxy.url);
    const answers: ('pass' | { status: number; headers?: Record<string, string> })[] = [{ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }];
    s.proxy.rule = ({ method, path }) => (method === 'POST' && path.endsWith('/messages') ? (answers.shift() ?? 'pass') : 'pass');
    const placeholder = await call(core, 'message.send', { conversationId: s.conversationId, text: 'through the storm' });
    await eventually(() => ports.lastEvent('outbox.changed')?.pending === 0);
    expect(await serverCopies(s, placeholder.clientId!)).toHaveLength(1);
    const states = placeholderUpdates(ports, placeholder.id);
    expect(states.some((m) => m.delivery === 'pending' && /500/.test(m.deliveryError ?? ''))).toBe(true);
    expect(s.proxy.log.filter((l) => l.method === 'POST' && l.path.endsWith('/messages')).map((l) => l.decision)).toEqual(['500', '429', 'pass']);
  });

  it('marks a reply that keeps failing as failed with the reason, and sends it once when retried', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.proxy.url);
    s.proxy.rule = ({ method, path }) => (method === 'POST' && path.endsWith('/messages') ? { status: 503 } : 'pass');
    const placeholder = await call(core, 'message.send', { conversationId: s.conversationId, text: 'stubborn' });
    await eventually(() => placeholderUpdates(ports, placeholder.id).some((m) => m.delivery === 'failed'));
    const failed = placeholderUpdates(ports, placeholder.id).at(-1)!;
    expect(failed.deliveryError).toMatch(/503/);
    expect(ports.eventsOf('app.error').some((e) => /could not be sent/.test(e.message))).toBe(true);
    expect(ports.lastEvent('outbox.changed')?.pending).toBe(0);

    s.proxy.rule = null;
    const retried = await call(core, 'message.retry', { messageId: placeholder.id });
    expect(retried.delivery).toBe('pending');
    await eventually(async () => (await serverCopies(s, placeholder.clientId!)).length === 1);
    await eventually(() => ports.eventsOf('sync.batch').some((b) => b.replacedMessageIds.some((r) => r.localId === placeholder.id)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await serverCopies(s, placeholder.clientId!)).toHaveLength(1);
  });

  it('shows a reply in the inbox preview the moment it is queued, and the previous message again once it is discarded', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.proxy.url);
    const preview = async () => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === s.conversationId)?.lastMessage ?? null;
    const before = await preview();
    expect(before?.text).toBe('Can someone help me?');
    s.proxy.rule = ({ method, path }) => (method === 'POST' && path.endsWith('/messages') ? { status: 422, body: { errors: ['refused'] } } : 'pass');

    const queued = await call(core, 'message.send', { conversationId: s.conversationId, text: 'On it, one moment' });
    expect(await preview()).toMatchObject({ text: 'On it, one moment', sender: queued.sender, createdAt: queued.createdAt });
    await eventually(() =>
      ports.eventsOf('sync.batch').some((batch) => batch.conversations.some((c) => c.id === s.conversationId && c.lastMessage?.text === 'On it, one moment')),
    );

    await eventually(() => placeholderUpdates(ports, queued.id).some((m) => m.delivery === 'failed'));
    await call(core, 'message.discard', { messageId: queued.id });
    expect(await preview()).toEqual(before);
  });

  it('fails a reply the server refuses outright (4xx) without retrying, and lets the agent discard it', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.proxy.url);
    s.proxy.rule = ({ method, path }) => (method === 'POST' && path.endsWith('/messages') ? { status: 422, body: { errors: ['text field is required'] } } : 'pass');
    const placeholder = await call(core, 'message.send', { conversationId: s.conversationId, text: 'refused' });
    await eventually(() => placeholderUpdates(ports, placeholder.id).some((m) => m.delivery === 'failed'));
    expect(placeholderUpdates(ports, placeholder.id).at(-1)!.deliveryError).toContain('text field is required');
    expect(s.proxy.log.filter((l) => l.method === 'POST' && l.path.endsWith('/messages'))).toHaveLength(1);

    await call(core, 'message.discard', { messageId: placeholder.id });
    const page = await call(core, 'conversation.open', { conversationId: s.conversationId });
    expect(page.messages.some((m) => m.id === placeholder.id)).toBe(false);
    expect((await callError(core, 'message.retry', { messageId: placeholder.id })).code).toBe('not_found');
  });
});

describe('401 mid-session', () => {
  it('ends the session cleanly, keeps the cache readable and the unsent replies, and resumes after a new sign-in', async () => {
    const s = await setup();
    const { core, ports } = await startCore(s.proxy.url);
    const cachedIds = (await call(core, 'inbox.snapshot', null)).conversations.map((c) => c.id);
    s.proxy.rule = ({ path }) => (path === '/auth/signin' ? 'pass' : { status: 401, body: 'Unauthorized' });
    core.catchUp('manual');

    const expired = await ports.waitForEvent('session.changed', (state) => state.status === 'expired', { includePast: true });
    expect(expired.status === 'expired' && expired.user.email).toBe(DEMO.owner);
    expect(ports.eventsOf('app.error')).toContainEqual({ code: 'session_expired', message: 'Session expired, sign in again.' });
    await eventually(() => ports.lastEvent('badge.changed')?.attention === true);
    expect(JSON.parse(ports.secretStore.value!).token).toBeNull();

    expect((await call(core, 'inbox.snapshot', null)).conversations.map((c) => c.id)).toEqual(cachedIds);
    expect((await call(core, 'conversation.open', { conversationId: s.conversationId })).messages.length).toBeGreaterThan(0);
    expect((await callError(core, 'conversation.close', { conversationId: s.conversationId })).code).toBe('session_expired');
    const kept = await call(core, 'message.send', { conversationId: s.conversationId, text: 'typed after expiry' });
    expect(kept.delivery).toBe('pending');

    s.proxy.rule = null;
    await call(core, 'session.signIn', { serverUrl: s.proxy.url, email: DEMO.owner, password: DEMO_PASSWORD });
    await eventually(async () => (await serverCopies(s, kept.clientId!)).length === 1);
    await eventually(() => ports.lastEvent('badge.changed')?.attention === false);
  });
});
