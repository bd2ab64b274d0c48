/**
 * Frame-level behaviour of the sync engine against a scriptable fake server: what the agent sees when the
 * server repeats, reorders or garbles frames, and how bursts reach the renderer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import { call, eventually } from '../helpers/core-client.ts';
import { FAKE, startFakeTiledesk, wireMessage, wireRequest, type FakeTiledesk } from '../helpers/fake-tiledesk.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

const P = `/${FAKE.projectId}`;
let fake: FakeTiledesk;
let ports: TestPorts;
let core: AgentCore;

async function signedInCore(role = 'agent') {
  fake.role = role;
  core = await createAgentCore(ports, { batchFlushMs: 20, realtime: { heartbeatMs: 1000, deadLinkMs: 5000 } });
  await call(core, 'session.signIn', { serverUrl: fake.url, email: FAKE.email, password: FAKE.password });
  await ports.waitForEvent('connection.changed', (state) => state.status === 'online', { includePast: true });
  await ports.waitForEvent('connection.changed', (state) => state.lastSyncAt !== null, { includePast: true });
}

const inboxIds = async () => (await call(core, 'inbox.snapshot', null)).conversations.map((conversation) => conversation.id);
const subscribed = (topic: string) => fake.received.some(({ frame }) => frame.action === 'subscribe' && (frame.payload as { topic?: string }).topic === topic);

beforeEach(async () => {
  fake = await startFakeTiledesk();
  ports = createTestPorts();
});

afterEach(async () => {
  await core?.dispose();
  await fake.close();
  ports.cleanup();
});

describe('live request events', () => {
  it('shows a new queued request at once and subscribes to its messages', async () => {
    await signedInCore();
    const request = wireRequest({ request_id: 'support-group-new', status: 100, participants: [] });
    fake.requests.set(request.request_id as string, request);
    fake.publish(`${P}/requests`, 'CREATE', request);
    await eventually(async () => (await inboxIds()).includes('support-group-new'));
    await eventually(() => subscribed(`${P}/requests/support-group-new/messages`));
    const batch = await ports.waitForEvent('sync.batch', (b) => b.conversations.some((c) => c.id === 'support-group-new'), { includePast: true });
    expect(batch.conversations.find((c) => c.id === 'support-group-new')?.visitor.name).toBe('Vera Visitor');
    expect(ports.lastEvent('badge.changed')?.queue).toBe(1);
  });

  it('ignores live events for requests an agent may not see (visibility rule)', async () => {
    await signedInCore('agent');
    const foreign = wireRequest({ request_id: 'private-of-bob', participants: [FAKE.otherAgentId], snapshot: { agents: [{ id_user: FAKE.otherAgentId }] } });
    const mine = wireRequest({ request_id: 'mine-after' });
    fake.publish(`${P}/requests`, 'CREATE', foreign);
    fake.publish(`${P}/requests`, 'CREATE', mine);
    await eventually(async () => (await inboxIds()).includes('mine-after'));
    expect(await inboxIds()).not.toContain('private-of-bob');
    expect(subscribed(`${P}/requests/private-of-bob/messages`)).toBe(false);
  });

  it('lets an owner see every request of the project', async () => {
    await signedInCore('owner');
    fake.publish(`${P}/requests`, 'CREATE', wireRequest({ request_id: 'bobs', participants: [FAKE.otherAgentId], snapshot: { agents: [] } }));
    await eventually(async () => (await inboxIds()).includes('bobs'));
  });

  it('keeps the newest state when UPDATE frames arrive out of order, and drops a request closed elsewhere', async () => {
    await signedInCore();
    const created = wireRequest({ request_id: 'r-order', updatedAt: '2026-01-01T10:00:00.000Z', createdAt: '2026-01-01T10:00:00.000Z' });
    fake.publish(`${P}/requests`, 'CREATE', created);
    await eventually(async () => (await inboxIds()).includes('r-order'));
    const newer = { ...created, tags: [{ _id: 't2', tag: 'vip' }], updatedAt: '2026-01-01T10:05:00.000Z' };
    const older = { ...created, tags: [{ _id: 't1', tag: 'old' }], updatedAt: '2026-01-01T10:01:00.000Z' };
    fake.publish(`${P}/requests`, 'UPDATE', newer);
    fake.publish(`${P}/requests`, 'UPDATE', older);
    await eventually(async () => {
      const conversation = (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-order');
      return conversation?.tags[0]?.tag === 'vip';
    });
    // Give the stale frame every chance to be (wrongly) applied.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const conversation = (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-order');
    expect(conversation?.tags.map((tag) => tag.tag)).toEqual(['vip']);

    fake.publish(`${P}/requests`, 'UPDATE', { ...created, status: 1000, updatedAt: '2026-01-01T10:06:00.000Z' });
    const batch = await ports.waitForEvent('sync.batch', (b) => b.removedConversationIds.includes('r-order'), { includePast: true });
    expect(batch.removedConversationIds).toContain('r-order');
    expect(await inboxIds()).not.toContain('r-order');
  });

  it('keeps the visitor name and e-mail when an UPDATE carries only ids (lean snapshot form)', async () => {
    await signedInCore();
    const created = wireRequest({ request_id: 'r-lean', updatedAt: '2026-01-01T10:00:00.000Z' });
    fake.publish(`${P}/requests`, 'CREATE', created);
    await eventually(async () => (await inboxIds()).includes('r-lean'));
    const lean = { ...created, lead: 'lead-id-only', requester: 'pu-id-only', department: 'dep1', snapshot: { agents: [{ id_user: FAKE.userId }] }, updatedAt: '2026-01-01T10:02:00.000Z', subject: 'Billing' };
    fake.publish(`${P}/requests`, 'UPDATE', lean);
    await eventually(async () => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-lean')?.subject === 'Billing');
    const conversation = (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-lean')!;
    expect(conversation.visitor).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com' });
    expect(conversation.departmentName).toBe('Default Department');
  });
});

describe('message frames', () => {
  async function withConversation(id: string) {
    const request = wireRequest({ request_id: id });
    fake.requests.set(id, request);
    fake.publish(`${P}/requests`, 'CREATE', request);
    await eventually(() => subscribed(`${P}/requests/${id}/messages`));
    // The subscription snapshot has been answered once the server has recorded the topic.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('counts a duplicated live message once (dedupe by _id)', async () => {
    await signedInCore();
    await withConversation('r-dup');
    const message = wireMessage('r-dup', { text: 'are you there?', sender: 'visitor-r-dup' });
    fake.publish(`${P}/requests/r-dup/messages`, 'CREATE', message);
    fake.publish(`${P}/requests/r-dup/messages`, 'CREATE', message);
    fake.publish(`${P}/requests/r-dup/messages`, 'CREATE', [message]);
    await eventually(async () => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-dup')?.unreadCount === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const page = await call(core, 'conversation.open', { conversationId: 'r-dup' });
    expect(page.messages.filter((m) => m.text === 'are you there?')).toHaveLength(1);
    expect((await call(core, 'inbox.snapshot', null)).badge.unread).toBe(1);
  });

  it('orders messages by clienttimestamp, then createdAt, whatever order they arrive in', async () => {
    await signedInCore();
    await withConversation('r-sort');
    const late = wireMessage('r-sort', { text: 'second', sender: 'visitor-r-sort', attributes: { clienttimestamp: 2000 }, createdAt: '2026-01-01T00:00:00.000Z' });
    const early = wireMessage('r-sort', { text: 'first', sender: 'visitor-r-sort', attributes: { clienttimestamp: 1000 }, createdAt: '2026-01-02T00:00:00.000Z' });
    fake.publish(`${P}/requests/r-sort/messages`, 'CREATE', late);
    fake.publish(`${P}/requests/r-sort/messages`, 'CREATE', early);
    await eventually(async () => (await call(core, 'conversation.open', { conversationId: 'r-sort' })).messages.length >= 2);
    const page = await call(core, 'conversation.open', { conversationId: 'r-sort' });
    expect(page.messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('never counts the history of an existing conversation (its subscription snapshot) as unread', async () => {
    await signedInCore();
    const id = 'r-snap';
    fake.requests.set(id, wireRequest({ request_id: id }));
    fake.messages.set(id, [wireMessage(id, { text: 'old one', sender: `visitor-${id}` }), wireMessage(id, { text: 'old two', sender: `visitor-${id}` })]);
    // Reassigned to me: an UPDATE of a conversation that already had a past.
    fake.publish(`${P}/requests`, 'UPDATE', fake.requests.get(id));
    await eventually(async () => (await call(core, 'conversation.open', { conversationId: id })).messages.length === 2);
    expect((await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === id)?.unreadCount).toBe(0);
  });

  it('counts the first messages of a brand-new conversation as unread (they happened before the subscription could)', async () => {
    await signedInCore();
    const id = 'r-brand-new';
    fake.requests.set(id, wireRequest({ request_id: id }));
    fake.messages.set(id, [wireMessage(id, { text: 'hi, anyone?', sender: `visitor-${id}` })]);
    fake.publish(`${P}/requests`, 'CREATE', fake.requests.get(id));
    await eventually(async () => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === id)?.unreadCount === 1);
    expect((await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === id)?.lastMessage?.text).toBe('hi, anyone?');
  });

  it('ignores malformed frames, publishes without method and payloads without ids, and keeps working', async () => {
    await signedInCore();
    await withConversation('r-bad');
    fake.sendRaw('this is not json');
    fake.sendRaw(Buffer.from([0, 1, 2, 3]));
    fake.sendRaw(JSON.stringify({ action: 'publish', payload: { topic: `${P}/requests`, message: wireRequest({ request_id: 'injected' }) } }));
    fake.sendRaw(JSON.stringify({ action: 'publish', payload: { topic: `${P}/requests`, method: 'DELETE', message: {} } }));
    fake.sendRaw(JSON.stringify({ action: 'publish', payload: { topic: `${P}/requests`, method: 'UPDATE', message: { status: 200 } } }));
    fake.sendRaw(JSON.stringify({ action: 'publish', payload: { topic: `${P}/requests/r-bad/messages`, method: 'CREATE', message: { text: 'no id' } } }));
    fake.sendRaw(JSON.stringify([1, 2, 3]));
    fake.publish(`${P}/requests/r-bad/messages`, 'CREATE', wireMessage('r-bad', { text: 'still alive', sender: 'visitor-r-bad' }));
    await eventually(async () => (await call(core, 'conversation.open', { conversationId: 'r-bad' })).messages.some((m) => m.text === 'still alive'));
    expect(await inboxIds()).not.toContain('injected');
    expect(ports.logs.some((log) => log.level === 'warn' && /malformed/i.test(log.message))).toBe(true);
    expect(ports.lastEvent('connection.changed')?.status).toBe('online');
  });

  it('coalesces a burst of frames into a few sync.batch events', async () => {
    await signedInCore();
    await withConversation('r-burst');
    const before = ports.eventsOf('sync.batch').length;
    for (let i = 0; i < 300; i++) fake.publish(`${P}/requests/r-burst/messages`, 'CREATE', wireMessage('r-burst', { text: `m${i}`, sender: 'visitor-r-burst' }));
    await eventually(async () => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === 'r-burst')?.unreadCount === 300);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const batches = ports.eventsOf('sync.batch').slice(before);
    const delivered = batches.flatMap((b) => b.messages).filter((m) => m.conversationId === 'r-burst');
    expect(delivered).toHaveLength(300);
    expect(batches.length).toBeLessThan(30);
  });
});

describe('opening a conversation', () => {
  const historyGets = (id: string) => fake.httpLog.filter((line) => line === `GET ${P}/requests/${id}/messages`).length;

  it('does not download the history of a followed conversation again on each open', async () => {
    fake.role = 'owner';
    fake.requests.set('r-mine', wireRequest({ request_id: 'r-mine' }));
    fake.messages.set('r-mine', [wireMessage('r-mine', { text: 'hello there', sender: 'visitor-r-mine' })]);
    fake.requests.set('r-other', wireRequest({ request_id: 'r-other', participants: [FAKE.otherAgentId], snapshot: { agents: [{ id_user: FAKE.otherAgentId }] } }));
    await signedInCore('owner');
    // The sign-in catch-up fetched the followed conversation's history once, with its topic subscribed.
    await eventually(() => historyGets('r-mine') === 1 && subscribed(`${P}/requests/r-mine/messages`));

    for (let i = 0; i < 2; i++) {
      const page = await call(core, 'conversation.open', { conversationId: 'r-mine' });
      expect(page.messages.map((m) => m.text)).toEqual(['hello there']);
    }
    // A conversation nobody follows live is still refreshed on open: once its refresh has gone out, one for
    // r-mine would have too.
    await call(core, 'conversation.open', { conversationId: 'r-other' });
    await eventually(() => historyGets('r-other') === 1);
    await call(core, 'conversation.open', { conversationId: 'r-other' });
    await eventually(() => historyGets('r-other') === 2);
    expect(historyGets('r-mine')).toBe(1);

    // Live messages keep the followed conversation current without REST.
    fake.addMessage('r-mine', { text: 'second', sender: 'visitor-r-mine' });
    await eventually(async () => (await call(core, 'conversation.open', { conversationId: 'r-mine' })).messages.at(-1)?.text === 'second');
    expect(historyGets('r-mine')).toBe(1);
  });

  it('refreshes a followed conversation on open again after the connection dropped', async () => {
    fake.requests.set('r-mine', wireRequest({ request_id: 'r-mine' }));
    fake.messages.set('r-mine', [wireMessage('r-mine', { text: 'hello there', sender: 'visitor-r-mine' })]);
    await signedInCore();
    await eventually(() => historyGets('r-mine') === 1);
    const syncedBefore = ports.lastEvent('connection.changed')?.lastSyncAt ?? 0;
    fake.closeSockets();
    await ports.waitForEvent('connection.changed', (state) => state.status === 'online' && (state.lastSyncAt ?? 0) > syncedBefore, { timeoutMs: 10_000 });
    const gets = historyGets('r-mine');
    await call(core, 'conversation.open', { conversationId: 'r-mine' });
    await eventually(() => historyGets('r-mine') === gets + 1);
  });
});

describe('the open conversations list', () => {
  it('reads every open conversation, beyond the old 5,000 cap, until the server’s count', async () => {
    const total = 5_050;
    for (let i = 0; i < total; i++) {
      const id = `r-many-${i}`;
      fake.requests.set(id, wireRequest({ request_id: id, participants: [FAKE.otherAgentId], snapshot: { agents: [{ id_user: FAKE.otherAgentId }] } }));
    }
    await signedInCore('owner');
    expect(await inboxIds()).toHaveLength(total);
    const pages = fake.httpLog.filter((line) => line === `GET ${P}/requests`).length;
    expect(pages).toBe(Math.ceil(total / 100));
    expect(ports.logs.some((log) => /safety bound/.test(log.message))).toBe(false);
  });
});
