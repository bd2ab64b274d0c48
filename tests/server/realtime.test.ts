/**
 * The realtime WebSocket API (§6) over real sockets: handshake refusals, one snapshot per accepted
 * subscription (compared with the captured frames), silence on refused topics, live publishes, heartbeat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WsClient, expectShape, fixture, sleep, startTestServer, upgradeStatus, type Api, type Json, type TestServer,
} from './helpers.ts';

/** Keys a request has or lacks depending on its history (closed once, subject set, answered...). */
const HISTORY = ['subject', 'transcript', 'duration', 'closed_by', 'closed_at', 'first_response_at', 'waiting_time', 'attributes'];
/** Seeded visitors carry e-mails and attributes, seeded users no phone, the owner a status text; the capture's did not. */
const SEEDED = ['snapshot.lead.email', 'lead.email', 'snapshot.requester.attributes', 'requester.attributes', '**.phone', '**.profileStatus'];
const USER_PROJECTION = ['id_user.status', 'id_user.email', 'id_user.emailverified', 'id_user.phone', 'id_user.createdAt', 'id_user.updatedAt', 'id_user.__v'];

let frames: Record<string, Json>;
let server: TestServer;
let api: Api;
let P: string;
let owner: string;
let alice: string;
let aliceId: string;
let alicePu: string;
let ownerPu: string;
const sockets: WsClient[] = [];

async function open(token: string): Promise<WsClient> {
  const client = await WsClient.open(server.wsUrl, token);
  sockets.push(client);
  return client;
}

/** Everything the server sent before it answered a `me` sent now (frames are handled in order). */
async function settle(client: WsClient): Promise<Json[]> {
  const from = client.frames.length;
  client.send({ action: 'me' });
  await client.waitFor((f) => f.action === 'me', 3000, from);
  return client.frames.slice(from, -1);
}

async function newConversation(text = 'I need help with my order'): Promise<{ requestId: string; visitor: { token: string; id: string }; body: Json }> {
  const visitor = await api.guest(P, 'Jane');
  const requestId = `support-group-${P}-${crypto.randomUUID().replaceAll('-', '')}`;
  const response = await api.post(`/${P}/requests/${requestId}/messages`, {
    token: visitor.token, body: { text, sourcePage: 'https://example.com/page', language: 'en', userAgent: 'vitest', attributes: { client: 'test' } },
  });
  expect(response.status).toBe(200);
  return { requestId, visitor, body: response.body };
}

beforeAll(async () => {
  frames = (await fixture<{ frames: Record<string, Json> }>('ws-frames')).frames;
  server = await startTestServer({ seed: true });
  api = server.api;
  const seed = server.seed;
  if (!seed) throw new Error('no seed');
  P = seed.projectId;
  owner = await api.signin(seed.users.owner.email, seed.password);
  alice = await api.signin(seed.users.agent.email, seed.password);
  aliceId = seed.users.agent.id;
  alicePu = seed.users.agent.projectUserId;
  ownerPu = seed.users.owner.projectUserId;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.stop();
});

describe('handshake', () => {
  it('accepts user tokens with or without the JWT prefix at /', async () => {
    expect(await upgradeStatus(`${server.wsUrl}?token=${encodeURIComponent(owner)}`)).toBe(101);
    expect(await upgradeStatus(`${server.wsUrl}?token=${owner.slice(4)}`)).toBe(101);
    expect(await upgradeStatus(`${server.wsUrl}?token=${owner.replace(' ', '+')}`)).toBe(101);
  });

  it('refuses wrong paths (400), missing/bad tokens (401) and visitor tokens (401, not a hang)', async () => {
    expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/ws?token=${encodeURIComponent(owner)}`)).toBe(400);
    expect(await upgradeStatus(server.wsUrl)).toBe(401);
    expect(await upgradeStatus(`${server.wsUrl}?token=JWT%20abc.def.ghi`)).toBe(401);
    const visitor = await api.guest(P);
    expect(await upgradeStatus(`${server.wsUrl}?token=${encodeURIComponent(visitor.token)}`)).toBe(401);
  });
});

describe('subscriptions and snapshots', () => {
  it('answers each accepted subscription with one CREATE snapshot shaped like the capture', async () => {
    const ws = await open(owner);
    ws.subscribe(`/${P}/requests`);
    const list = await ws.publish(`/${P}/requests`);
    expect(Array.isArray(list.payload.message)).toBe(true);
    const statuses = list.payload.message.map((r: Json) => r.status);
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    expect(statuses.every((s: number) => s === 100 || s === 200)).toBe(true);
    const updatedAt = list.payload.message.map((r: Json) => r.updatedAt);
    expect(updatedAt).toEqual([...updatedAt].sort().reverse());
    const item = list.payload.message.find((r: Json) => r.status === 200);
    expectShape(item, frames.requests_snapshot_item, [...HISTORY, ...SEEDED]);
    expect(typeof item.department).toBe('string');
    expect(item.snapshot.agents.every((a: Json) => Object.keys(a).join() === 'id_user')).toBe(true);

    ws.subscribe(`/${P}/project_users/${ownerPu}`);
    const own = await ws.publish(`/${P}/project_users/${ownerPu}`);
    expectShape(own.payload.message, frames.project_user_snapshot, ['profileStatus']);
    expect(own.payload.message).toMatchObject({ _id: ownerPu, isBusy: false });

    ws.subscribe(`/${P}/project_users/users/${aliceId}`);
    const byUser = await ws.publish(`/${P}/project_users/users/${aliceId}`);
    expect(byUser.payload.message).toMatchObject({ _id: alicePu, id_user: aliceId });

    const requestId = item.request_id;
    ws.subscribe(`/${P}/requests/${requestId}`);
    const detail = await ws.publish(`/${P}/requests/${requestId}`);
    expectShape(detail.payload.message, frames.request_detail_snapshot, [...HISTORY, ...SEEDED]);
    expect(detail.payload.message.lead.lead_id).toBeTruthy();

    ws.subscribe(`/${P}/requests/${requestId}/messages`);
    const messages = await ws.publish(`/${P}/requests/${requestId}/messages`);
    expectShape(messages.payload.message, frames.messages_snapshot, ['metadata', 'language', 'attributes']);
    const times = messages.payload.message.map((m: Json) => m.createdAt);
    expect(times).toEqual([...times].sort());
  });

  it('stays silent for refused topics and publishes null for unknown requests', async () => {
    const ws = await open(alice);
    for (const topic of [
      `/${P}/requests/does-not-exist`, `/${P}/requests/does-not-exist/messages`, '/6b0246746d54423458e2abd0/requests',
      `/${P}/project_users/${ownerPu}`, `/${P}/bogus`,
    ]) ws.subscribe(topic);
    const answered = await settle(ws);
    expect(answered).toEqual([
      { action: 'publish', payload: { topic: `/${P}/requests/does-not-exist`, method: 'CREATE', message: null } },
      { action: 'publish', payload: { topic: `/${P}/bogus`, method: 'CREATE', message: null } },
    ]);
  });

  it('applies the visibility rule to snapshots: an agent who joined later sees only what they take part in', async () => {
    await api.post('/auth/signup', { body: { email: 'late@demo.test', password: 'pw', firstname: 'Late', lastname: 'Joiner' } });
    await api.post(`/${P}/project_users/invite`, { token: owner, body: { email: 'late@demo.test', role: 'agent' } });
    const late = await api.signin('late@demo.test', 'pw');
    const ws = await open(late);
    ws.subscribe(`/${P}/requests`);
    expect((await ws.publish(`/${P}/requests`)).payload.message).toEqual([]);
    const rest = await api.get(`/${P}/requests`, { token: late });
    expect(rest.body.count).toBe(0);
    const ownerList = (await api.get(`/${P}/requests?no_populate=true`, { token: owner })).body.requests;
    const someone = ownerList.find((r: Json) => r.status === 200);
    ws.subscribe(`/${P}/requests/${someone.request_id}`);
    expect((await ws.publish(`/${P}/requests/${someone.request_id}`)).payload.message).toBeNull();
    ws.subscribe(`/${P}/requests/${someone.request_id}/messages`);
    expect((await settle(ws)).filter((f) => f.payload?.topic?.endsWith('/messages'))).toEqual([]);
  });

  it('answers me and heartbeat pings; ignores client publish frames', async () => {
    const ws = await open(owner);
    ws.send({ action: 'me' });
    const me = await ws.waitFor((f) => f.action === 'me');
    expectShape(me, frames.me);
    expect(me.payload.userId).toBeNull();
    ws.send({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
    expect(await ws.waitFor((f) => f.action === 'heartbeat')).toEqual(frames.pong);

    const listener = await open(owner);
    listener.subscribe(`/${P}/requests`);
    await listener.publish(`/${P}/requests`);
    ws.send({ action: 'publish', payload: { topic: `/${P}/requests`, message: { fake: true } } });
    ws.send({ action: 'broadcast', payload: { topic: `/${P}/requests`, message: { fake: true } } });
    await settle(ws);
    expect(await settle(listener)).toEqual([]);
  });
});

describe('live publishes (§6.6)', () => {
  it('publishes request CREATE, message CREATE with the lean request, and project_user UPDATE', async () => {
    const ws = await open(owner);
    ws.subscribe(`/${P}/requests`);
    ws.subscribe(`/${P}/project_users/${alicePu}`);
    await settle(ws);
    const from = ws.frames.length;
    const { requestId, body } = await newConversation();
    const created = await ws.publish(`/${P}/requests`, 'CREATE', from);
    expect(Array.isArray(created.payload.message)).toBe(false);
    expectShape(created.payload.message, frames.request_live_create, [...HISTORY, ...SEEDED]);
    expect(created.payload.message.request_id).toBe(requestId);
    const assignee = body.request.participants[0];
    if (assignee === aliceId) {
      const update = await ws.publish(`/${P}/project_users/${alicePu}`, 'UPDATE', from);
      expect(update.payload.message.id_user).toEqual({ _id: aliceId, firstname: 'Alice', lastname: 'Martin' });
    }

    ws.subscribe(`/${P}/requests/${requestId}/messages`);
    const snapshot = await ws.publish(`/${P}/requests/${requestId}/messages`);
    expect(snapshot.payload.message).toHaveLength(1);
    const before = ws.frames.length;
    const sent = await api.post(`/${P}/requests/${requestId}/messages`, { token: owner, body: { text: 'Hello Jane!' } });
    const live = await ws.publish(`/${P}/requests/${requestId}/messages`, 'CREATE', before);
    expectShape(live.payload.message, frames.message_live_create, [...HISTORY.map((k) => `request.${k}`), 'attributes', ...SEEDED]);
    expect(live.payload.message._id).toBe(sent.body._id);
    expect(live.payload.message.request).not.toHaveProperty('id');
    const after = await settle(ws);
    expect(after.filter((f) => f.payload?.topic === `/${P}/requests`)).toEqual([]);
  });

  it('publishes UPDATE with the reduced snapshot on participant changes and close, plus the system messages', async () => {
    const { requestId, body } = await newConversation('Where is my refund?');
    const ws = await open(owner);
    ws.subscribe(`/${P}/requests`);
    ws.subscribe(`/${P}/requests/${requestId}`);
    ws.subscribe(`/${P}/requests/${requestId}/messages`);
    await settle(ws);
    let from = ws.frames.length;
    const assignee = body.request.participants[0];
    await api.delete(`/${P}/requests/${requestId}/participants/${assignee}`, { token: owner });
    const update = await ws.publish(`/${P}/requests`, 'UPDATE', from);
    expectShape(update.payload.message, frames.request_live_update, [...HISTORY, ...SEEDED]);
    expect(update.payload.message.status).toBe(100);
    expect(Object.keys(update.payload.message.snapshot)).toEqual(['agents']);
    expect((await ws.publish(`/${P}/requests/${requestId}`, 'UPDATE', from)).payload.message.status).toBe(100);

    from = ws.frames.length;
    await api.post(`/${P}/requests/${requestId}/participants`, { token: owner, body: { member: aliceId } });
    expect((await ws.publish(`/${P}/requests`, 'UPDATE', from)).payload.message.participants).toEqual([aliceId]);
    const touching = await ws.publish(`/${P}/requests/${requestId}/messages`, 'CREATE', from);
    expect(touching.payload.message.attributes.messagelabel.key).toBe('TOUCHING_OPERATOR');

    from = ws.frames.length;
    await api.put(`/${P}/requests/${requestId}/close`, { token: owner });
    expect((await ws.publish(`/${P}/requests`, 'UPDATE', from)).payload.message.status).toBe(1000);
    const closed = await ws.publish(`/${P}/requests/${requestId}/messages`, 'CREATE', from);
    expectShape(closed.payload.message, frames.chat_closed_message, [...HISTORY.map((k) => `request.${k}`), ...SEEDED]);
    expect(closed.payload.message).toMatchObject({ text: 'Chat closed', sender: 'system', metadata: 'en' });
  });

  it('publishes availability changes on both project_user topics', async () => {
    const ws = await open(alice);
    ws.subscribe(`/${P}/project_users/${alicePu}`);
    ws.subscribe(`/${P}/project_users/users/${aliceId}`);
    await settle(ws);
    const from = ws.frames.length;
    await api.put(`/${P}/project_users/`, { token: alice, body: { user_available: false, profileStatus: 'lunch' } });
    const byPu = await ws.publish(`/${P}/project_users/${alicePu}`, 'UPDATE', from);
    expectShape(byPu.payload.message, frames.project_user_update, ['profileStatus', ...USER_PROJECTION]);
    expect(byPu.payload.message).toMatchObject({ user_available: false, profileStatus: 'lunch', isBusy: false });
    const byUser = await ws.publish(`/${P}/project_users/users/${aliceId}`, 'UPDATE', from);
    expect(byUser.payload.message).toEqual(byPu.payload.message);
    await api.put(`/${P}/project_users/`, { token: alice, body: { user_available: true } });
  });

  it('broadcasts request events to every subscriber, unfiltered; unsubscribe and duplicate subscribe behave', async () => {
    await api.post('/auth/signup', { body: { email: 'late2@demo.test', password: 'pw', firstname: 'Later', lastname: 'Still' } });
    await api.post(`/${P}/project_users/invite`, { token: owner, body: { email: 'late2@demo.test', role: 'agent' } });
    await api.put(`/${P}/project_users/`, { token: await api.signin('late2@demo.test', 'pw'), body: { user_available: false } });
    const ws = await open(await api.signin('late2@demo.test', 'pw'));
    ws.subscribe(`/${P}/requests`);
    ws.subscribe(`/${P}/requests`);
    await settle(ws);
    const snapshots = ws.frames.filter((f) => f.payload?.topic === `/${P}/requests` && Array.isArray(f.payload.message));
    expect(snapshots).toHaveLength(2);
    const from = ws.frames.length;
    const { requestId } = await newConversation('Can I change my plan?');
    await ws.publish(`/${P}/requests`, 'CREATE', from);
    expect((await settle(ws)).filter((f) => f.payload?.message?.request_id === requestId)).toHaveLength(0);
    expect(ws.frames.slice(from).filter((f) => f.payload?.message?.request_id === requestId)).toHaveLength(1);

    ws.send({ action: 'unsubscribe', payload: { topic: `/${P}/requests` } });
    await settle(ws);
    await newConversation('Another one');
    expect((await settle(ws)).filter((f) => f.action === 'publish')).toEqual([]);
  });
});

describe('heartbeat', () => {
  it('pings every interval, drops a silent client (1006) and keeps a talking one; a reconnect works', async () => {
    const fast = await startTestServer({ seed: true, heartbeatMs: 300 });
    try {
      const seed = fast.seed;
      if (!seed) throw new Error('no seed');
      const token = await fast.api.signin(seed.users.agent.email, seed.password);
      const idle = await WsClient.open(fast.wsUrl, token);
      const talking = await WsClient.open(fast.wsUrl, token);
      const chatter = setInterval(() => talking.send({ action: 'heartbeat', payload: { message: { text: 'ping' } } }), 100);
      try {
        expect(await idle.waitFor((f) => f.action === 'heartbeat' && f.payload.message.text === 'ping', 1000))
          .toEqual({ action: 'heartbeat', payload: { message: { text: 'ping' } } });
        expect(await idle.waitClosed(1500)).toBe(1006);
        await sleep(400);
        expect(talking.closeCode).toBeUndefined();
        expect(talking.frames.some((f) => f.payload?.message?.text === 'ping')).toBe(true);
        expect(talking.frames.some((f) => f.payload?.message?.text === 'pong')).toBe(true);
      } finally {
        clearInterval(chatter);
        talking.close();
      }
      const again = await WsClient.open(fast.wsUrl, token);
      again.subscribe(`/${seed.projectId}/requests`);
      expect(Array.isArray((await again.publish(`/${seed.projectId}/requests`)).payload.message)).toBe(true);
      again.close();
    } finally {
      await fast.stop();
    }
  });
});
