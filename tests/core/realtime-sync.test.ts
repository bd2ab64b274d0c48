/**
 * Live sync against the local server over real sockets: new requests and messages as they happen, the
 * visibility rule, the heartbeat, and recovery after the server dies and comes back (nothing missed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore, type CoreTuning } from '../../src/main/core/agent-core.ts';
import { call, eventually } from '../helpers/core-client.ts';
import { DEMO, DEMO_PASSWORD, restAgent, startChildServer, startLocalServer, visitor, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serverFor(start: typeof startLocalServer = startLocalServer, heartbeatMs = 1000) {
  const local = await start({ heartbeatMs });
  cleanups.push(() => local.destroy());
  return local;
}

async function agentCore(local: LocalServer, email: string, tuning: CoreTuning = {}, ports: TestPorts = createTestPorts()) {
  const core = await createAgentCore(ports, {
    batchFlushMs: 20,
    ...tuning,
    realtime: { heartbeatMs: 200, deadLinkMs: 3000, backoff: { initialMs: 100, maxMs: 1000 }, ...tuning.realtime },
  });
  cleanups.push(() => ports.cleanup());
  cleanups.push(() => core.dispose());
  await call(core, 'session.signIn', { serverUrl: local.url, email, password: DEMO_PASSWORD });
  await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && c.lastSyncAt !== null, { includePast: true });
  return { core, ports };
}

/** A visitor's conversation assigned to the owner: the owner's app follows its messages live. */
async function ownersConversation(local: LocalServer, firstname: string, firstText: string) {
  const owner = await restAgent(() => local.url, DEMO.owner);
  const guest = await visitor(() => local.url, local.projectId, firstname);
  await guest.say(firstText);
  await owner.call('PUT', `/${local.projectId}/requests/${guest.requestId}/participants`, [owner.userId]);
  return { guest, owner };
}

const inbox = async (core: AgentCore) => (await call(core, 'inbox.snapshot', null)).conversations;
const find = async (core: AgentCore, id: string) => (await inbox(core)).find((c) => c.id === id);

describe('live events', () => {
  it('shows a visitor’s new conversation and their next messages as they happen', async () => {
    const local = await serverFor();
    const { core, ports } = await agentCore(local, DEMO.owner);
    const { guest: zed } = await ownersConversation(local, 'Zed', 'Hello, my parcel is lost');
    const conversation = await eventually(() => find(core, zed.requestId));
    expect(conversation.visitor.name).toBe('Zed');
    expect(conversation.firstText).toBe('Hello, my parcel is lost');

    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'Hello, my parcel is lost');
    await zed.say('Order 1234');
    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'Order 1234');
    const batch = await ports.waitForEvent('sync.batch', (b) => b.messages.some((m) => m.text === 'Order 1234'), { includePast: true });
    const message = batch.messages.find((m) => m.text === 'Order 1234')!;
    expect(message).toMatchObject({ author: 'visitor', conversationId: zed.requestId, delivery: 'sent' });

    const page = await call(core, 'conversation.open', { conversationId: zed.requestId });
    expect(page.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Hello, my parcel is lost', 'Order 1234']));
  });

  it('counts unread messages from others until the agent looks at the conversation', async () => {
    const local = await serverFor();
    const { core, ports } = await agentCore(local, DEMO.owner);
    const { guest: zed, owner } = await ownersConversation(local, 'Zed', 'first');
    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'first');
    await eventually(async () => (await find(core, zed.requestId))?.participants.includes(owner.userId));
    const before = (await find(core, zed.requestId))!.unreadCount;
    await zed.say('second');
    await zed.say('third');
    await eventually(async () => (await find(core, zed.requestId))?.unreadCount === before + 2);
    await eventually(() => (ports.lastEvent('badge.changed')?.unread ?? 0) >= 2);

    ports.windowState = { visible: true, focused: true };
    await call(core, 'conversation.setViewed', { conversationId: zed.requestId, windowFocused: true });
    expect((await find(core, zed.requestId))?.unreadCount).toBe(0);
    await zed.say('while watching');
    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'while watching');
    expect((await find(core, zed.requestId))?.unreadCount).toBe(0);
  });

  it('does not show agent2 a conversation that is private to agent, however its events arrive', async () => {
    const local = await serverFor();
    const owner = await restAgent(() => local.url, DEMO.owner);
    const members = (await owner.call('GET', `/${local.projectId}/project_users`)) as { _id: string; id_user: { _id: string; email: string } }[];
    const agent2Row = members.find((m) => m.id_user.email === DEMO.agent2)!;
    const agentId = members.find((m) => m.id_user.email === DEMO.agent)!.id_user._id;
    // A supervisor sees only conversations they take part in (protocol §4.6); live events still reach their socket.
    await owner.call('PUT', `/${local.projectId}/project_users/${agent2Row._id}`, { role: 'supervisor' });

    const { core: agent2 } = await agentCore(local, DEMO.agent2);
    const { core: agent } = await agentCore(local, DEMO.agent);
    const zed = await visitor(() => local.url, local.projectId, 'Zed');
    await zed.say('private matter');
    await owner.call('PUT', `/${local.projectId}/requests/${zed.requestId}/participants`, [agentId]);
    await zed.say('more private matter');
    await eventually(async () => (await find(agent, zed.requestId))?.lastMessage?.text === 'more private matter');

    // A request agent2 *does* take part in arrives: proof that agent2's socket is live and past the events above.
    const yan = await visitor(() => local.url, local.projectId, 'Yan');
    await yan.say('hi');
    await owner.call('PUT', `/${local.projectId}/requests/${yan.requestId}/participants`, [agent2Row.id_user._id]);
    await eventually(() => find(agent2, yan.requestId));
    expect(await find(agent2, zed.requestId)).toBeUndefined();
    expect((await call(agent2, 'inbox.search', { query: 'private' })).length).toBe(0);
  });
});

describe('liveness', () => {
  it('keeps one connection alive through many server heartbeat windows', async () => {
    const local = await serverFor(startLocalServer, 300);
    const { ports } = await agentCore(local, DEMO.owner, { realtime: { heartbeatMs: 100, deadLinkMs: 2000 } });
    const connectedAt = ports.events.length;
    // The server drops a client that stays silent for one 300 ms window: seven windows go by here.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const changes = ports.events.slice(connectedAt).filter((e) => e.event === 'connection.changed');
    expect(changes.filter((e) => (e.payload as { status: string }).status !== 'online')).toEqual([]);
  });
});

describe.each([
  ['in-process server closed and restarted', startLocalServer],
  ['child-process server killed with SIGKILL and restarted', startChildServer],
])('recovery: %s', (_label, start) => {
  it('reconnects on the same port and catches up over REST on everything that happened meanwhile', async () => {
    const local = await serverFor(start);
    const { core, ports } = await agentCore(local, DEMO.owner, { realtime: { backoff: { initialMs: 1500, maxMs: 3000 } } });
    const owner = await restAgent(() => local.url, DEMO.owner);

    // A long conversation: its WebSocket snapshot (the oldest 300) cannot carry what comes after.
    const { guest: zed } = await ownersConversation(local, 'Zed', 'message 0');
    const history = Array.from({ length: 305 }, (_, i) => ({ sender: zed.id, senderFullname: 'Zed', text: `message ${i + 1}` }));
    await owner.call('POST', `/${local.projectId}/requests/${zed.requestId}/messages/multi`, history);
    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'message 305');
    ports.windowState = { visible: true, focused: true };
    await call(core, 'conversation.setViewed', { conversationId: zed.requestId, windowFocused: true });
    await call(core, 'conversation.setViewed', { conversationId: null, windowFocused: true });
    ports.windowState = { visible: false, focused: false };
    const toClose = (await inbox(core)).find((c) => c.id !== zed.requestId)!;

    await local.stop();
    await ports.waitForEvent('connection.changed', (c) => c.status === 'reconnecting' || c.status === 'offline', { includePast: true });
    expect(ports.lastEvent('badge.changed')?.attention).toBe(true);
    await local.restart();
    // All of this happens before the app's first retry (≥ 1.2 s after the drop).
    await zed.say('while you were away');
    const yan = await visitor(() => local.url, local.projectId, 'Yan');
    await yan.say('new conversation during the outage');
    await owner.call('PUT', `/${local.projectId}/requests/${toClose.id}/close`, {});

    const syncedBefore = ports.lastEvent('connection.changed')?.lastSyncAt ?? 0;
    await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && (c.lastSyncAt ?? 0) > syncedBefore, { timeoutMs: 15_000 });
    const conversations = await inbox(core);
    const caughtUp = conversations.find((c) => c.id === zed.requestId)!;
    expect(caughtUp.lastMessage?.text).toBe('while you were away');
    expect(caughtUp.unreadCount).toBe(1);
    expect(conversations.some((c) => c.id === yan.requestId)).toBe(true);
    expect(conversations.some((c) => c.id === toClose.id)).toBe(false);
    const page = await call(core, 'conversation.open', { conversationId: zed.requestId });
    expect(page.messages.at(-1)?.text).toBe('while you were away');
    expect(ports.lastEvent('badge.changed')?.attention).toBe(false);
  });
});

describe('offline start', () => {
  it('shows the cached inbox and history at once when the server is down at start', async () => {
    const local = await serverFor();
    const ports = createTestPorts();
    const { core } = await agentCore(local, DEMO.owner, {}, ports);
    const { guest: zed } = await ownersConversation(local, 'Zed', 'remember me offline');
    await eventually(async () => (await find(core, zed.requestId))?.lastMessage?.text === 'remember me offline');
    await call(core, 'conversation.open', { conversationId: zed.requestId });
    const before = (await inbox(core)).map((c) => c.id).sort();
    await core.dispose();
    await local.stop();

    const offlinePorts = createTestPorts({ dataDir: ports.dataDir, secretStore: ports.secretStore });
    const offline = await createAgentCore(offlinePorts, { realtime: { backoff: { initialMs: 100, maxMs: 200 } } });
    cleanups.push(() => offline.dispose());
    const snapshot = await call(offline, 'inbox.snapshot', null);
    const page = await call(offline, 'conversation.open', { conversationId: zed.requestId });
    expect(snapshot.conversations.map((c) => c.id).sort()).toEqual(before);
    expect(page.messages.map((m) => m.text)).toContain('remember me offline');
    expect((await call(offline, 'session.get', null)).status).toBe('signedIn');
    expect((await call(offline, 'inbox.search', { query: 'remember' })).map((hit) => hit.conversationId)).toContain(zed.requestId);
    await offlinePorts.waitForEvent('connection.changed', (c) => c.status === 'offline', { includePast: true });
  });
});
