/** Routing of new conversations, departments, availability/busy, and canned responses (§3, §4.1, §13). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Api, type Json, type TestServer } from './helpers.ts';

let server: TestServer;
let api: Api;
let P: string;
let owner: string;
let ann: { token: string; id: string };
let ben: { token: string; id: string };

async function member(email: string, firstname: string): Promise<{ token: string; id: string }> {
  const signup = await api.post('/auth/signup', { body: { email, password: 'pw', firstname, lastname: 'Agent' } });
  await api.post(`/${P}/project_users/invite`, { token: owner, body: { email, role: 'agent' } });
  return { token: await api.signin(email, 'pw'), id: signup.body.user._id };
}

async function visitorWrites(text: string, departmentid?: string): Promise<Json> {
  const visitor = await api.guest(P, 'Vera');
  const requestId = `support-group-${P}-${crypto.randomUUID().replaceAll('-', '')}`;
  const response = await api.post(`/${P}/requests/${requestId}/messages`, { token: visitor.token, body: { text, ...(departmentid ? { departmentid } : {}) } });
  expect(response.status).toBe(200);
  return response.body.request;
}

beforeAll(async () => {
  server = await startTestServer();
  api = server.api;
  await api.post('/auth/signup', { body: { email: 'boss@example.com', password: 'pw', firstname: 'Boss', lastname: 'Owner' } });
  owner = await api.signin('boss@example.com', 'pw');
  P = (await api.post('/projects', { token: owner, body: { name: 'Routing' } })).body._id;
  await api.put(`/${P}/project_users/`, { token: owner, body: { user_available: false } });
  ann = await member('ann@example.com', 'Ann');
  ben = await member('ben@example.com', 'Ben');
});

afterAll(async () => {
  await server.stop();
});

describe('routing (department "assigned")', () => {
  it('assigns the least loaded available agent, round-robin between equals, and keeps counts', async () => {
    const first = await visitorWrites('one');
    const second = await visitorWrites('two');
    expect(first.status).toBe(200);
    expect([first.participants[0], second.participants[0]].sort()).toEqual([ann.id, ben.id].sort());
    const third = await visitorWrites('three');
    const fourth = await visitorWrites('four');
    expect([third.participants[0], fourth.participants[0]].sort()).toEqual([ann.id, ben.id].sort());
    expect(third.snapshot.availableAgentsCount).toBe(2);
    const me = (await api.get(`/${P}/project_users/me`, { token: ann.token })).body[0];
    expect(me).toMatchObject({ number_assigned_requests: 2, isBusy: false });
  });

  it('skips busy agents (personal chat limit) and lists only available, non-busy ones', async () => {
    await api.put(`/${P}/project_users/`, { token: ann.token, body: { max_assigned_chat: 2 } });
    expect((await api.get(`/${P}/project_users/me`, { token: ann.token })).body[0].isBusy).toBe(true);
    const next = await visitorWrites('five');
    expect(next.participants).toEqual([ben.id]);
    const availables = await api.get(`/projects/${P}/users/availables`);
    expect(availables.body.map((a: Json) => a.id)).toEqual([ben.id]);
    expect(availables.body[0]).toMatchObject({ firstname: 'Ben', fullname: 'Ben Agent', email: 'ben@example.com' });
    const departments = (await api.get(`/${P}/departments/allstatus`, { token: ann.token })).body;
    const operators = await api.get(`/${P}/departments/${departments[0]._id}/operators`, { token: ann.token });
    expect(operators.body.operators).toEqual([{ id_user: ben.id }]);
    expect(operators.body.agents).toHaveLength(3);
    await api.put(`/${P}/project_users/`, { token: ann.token, body: { max_assigned_chat: -1 } });
  });

  it('leaves the conversation in the queue when nobody is available', async () => {
    await api.put(`/${P}/project_users/`, { token: ann.token, body: { user_available: false } });
    await api.put(`/${P}/project_users/`, { token: ben.token, body: { user_available: false } });
    const queued = await visitorWrites('anyone there?');
    expect(queued).toMatchObject({ status: 100, participants: [] });
    expect(queued.snapshot.availableAgentsCount).toBe(0);
    const count = await api.get(`/${P}/requests/count`, { token: owner });
    expect(count.body.unassigned).toBe(1);
    await api.put(`/${P}/project_users/`, { token: ann.token, body: { user_available: true } });
    await api.put(`/${P}/project_users/`, { token: ben.token, body: { user_available: true } });
    const assigned = await api.put(`/${P}/requests/${queued.request_id}/assign`, { token: owner, body: {} });
    expect(assigned.body.status).toBe(200);
  });

  it('keeps pooled-department conversations in the queue, visible to every agent', async () => {
    const billing = await api.post(`/${P}/departments`, { token: owner, body: { name: 'Billing', routing: 'pooled' } });
    const pooled = await visitorWrites('invoice question', billing.body._id);
    expect(pooled).toMatchObject({ status: 100, participants: [], department: { _id: billing.body._id } });
    const queue = await api.get(`/${P}/requests?status=100`, { token: ann.token });
    expect(queue.body.requests.map((r: Json) => r.request_id)).toContain(pooled.request_id);
    const mine = await api.get(`/${P}/requests?participant=${ann.id}&no_populate=true`, { token: ann.token });
    expect(mine.body.requests.every((r: Json) => r.participants.includes(ann.id))).toBe(true);
  });
});

describe('messages', () => {
  it('records the first response only for a participant sending with an explicit sender', async () => {
    const request = await visitorWrites('first response please');
    const agent = request.participants[0] === ann.id ? ann : ben;
    const path = `/${P}/requests/${request.request_id}/messages`;
    const implicit = await api.post(path, { token: agent.token, body: { text: 'looking into it' } });
    expect(implicit.body.request.first_response_at).toBeUndefined();
    const explicit = await api.post(path, { token: agent.token, body: { text: 'here you go', sender: agent.id } });
    expect(explicit.body.request.first_response_at).toBe(explicit.body.createdAt);
    expect(explicit.body.request.waiting_time).toBe(Date.parse(explicit.body.createdAt) - Date.parse(request.createdAt));
    const later = await api.post(path, { token: agent.token, body: { text: 'anything else?', sender: agent.id } });
    expect(later.body.request.first_response_at).toBe(explicit.body.createdAt);
  });

  it('stores file messages, metadata, attributes and an explicit status verbatim', async () => {
    const request = await visitorWrites('see attachment');
    const metadata = { src: 'https://example.com/files?path=x', name: 'report.pdf', type: 'application/pdf', nested: { a: [1, 2] } };
    const sent = await api.post(`/${P}/requests/${request.request_id}/messages`, {
      token: ann.token, body: { type: 'file', text: 'report.pdf', metadata, attributes: { clienttimestamp: 1, any: { deep: true } }, status: 200 },
    });
    expect(sent.body).toMatchObject({ type: 'file', text: 'report.pdf', metadata, attributes: { clienttimestamp: 1, any: { deep: true } }, status: 200 });
    const stored = (await api.get(`/${P}/requests/${request.request_id}/messages/${sent.body._id}`, { token: ann.token })).body;
    expect(stored.metadata).toEqual(metadata);
    expect(sent.body.request.attributes.last_message._id).toBe(sent.body._id);
  });

  it('keeps visitors to their own conversations', async () => {
    const request = await visitorWrites('private matter');
    const other = await api.guest(P, 'Mallory');
    const list = await api.get(`/${P}/requests/${request.request_id}/messages`, { token: other.token });
    expect(list.body).toEqual([]);
    const post = await api.post(`/${P}/requests/${request.request_id}/messages`, { token: other.token, body: { text: 'hi' } });
    expect(post.status).toBe(403);
    const close = await api.put(`/${P}/requests/${request.request_id}/closeg`, { token: other.token });
    expect(close.status).toBe(403);
  });
});

describe('request list filters', () => {
  it('filters by department, tag, ticket, full text and sorts/pages', async () => {
    const all = (await api.get(`/${P}/requests?no_populate=true&limit=100`, { token: owner })).body;
    const target = all.requests.find((r: Json) => r.first_text === 'three');
    await api.put(`/${P}/requests/${target.request_id}/tag`, { token: owner, body: [{ tag: 'urgent' }] });
    const byTag = await api.get(`/${P}/requests?tags=urgent`, { token: owner });
    expect(byTag.body.requests.map((r: Json) => r.request_id)).toEqual([target.request_id]);
    const byTicket = await api.get(`/${P}/requests?ticket_id=${target.ticket_id}`, { token: owner });
    expect(byTicket.body.count).toBe(1);
    const byText = await api.get(`/${P}/requests?full_text=THREE`, { token: owner });
    expect(byText.body.requests.map((r: Json) => r.first_text)).toEqual(['three']);
    const billing = (await api.get(`/${P}/departments/allstatus`, { token: owner })).body.find((d: Json) => d.name === 'Billing');
    const byDept = await api.get(`/${P}/requests?dept_id=${billing._id}`, { token: owner });
    expect(byDept.body.requests.every((r: Json) => r.department._id === billing._id)).toBe(true);
    const oldest = await api.get(`/${P}/requests?sort=ticket_id&direction=1&limit=2&page=0`, { token: owner });
    expect(oldest.body.requests.map((r: Json) => r.ticket_id)).toEqual([1, 2]);
    const secondPage = await api.get(`/${P}/requests?sort=ticket_id&direction=1&limit=2&page=1`, { token: owner });
    expect(secondPage.body.requests.map((r: Json) => r.ticket_id)).toEqual([3, 4]);
    expect(secondPage.body.perPage).toBe(2);
    expect((await api.get(`/${P}/requests?limit=500`, { token: owner })).body.perPage).toBe(40);
  });
});

describe('departments (admin routes)', () => {
  it('creates, updates and deletes departments; agents may only read', async () => {
    expect((await api.post(`/${P}/departments`, { token: ann.token, body: { name: 'Nope' } })).status).toBe(403);
    expect((await api.post(`/${P}/departments`, { token: owner, body: {} })).status).toBe(422);
    const sales = await api.post(`/${P}/departments`, { token: owner, body: { name: 'Sales', routing: 'assigned' } });
    expect(sales.body).toMatchObject({ name: 'Sales', routing: 'assigned', default: false, hasBot: false, id: sales.body._id });
    expect((await api.put(`/${P}/departments/${sales.body._id}`, { token: owner, body: { routing: 'random' } })).status).toBe(422);
    const promoted = await api.put(`/${P}/departments/${sales.body._id}`, { token: owner, body: { default: true, name: 'Sales EU' } });
    expect(promoted.body).toMatchObject({ default: true, name: 'Sales EU' });
    const list = (await api.get(`/${P}/departments/allstatus`, { token: ann.token })).body;
    expect(list.filter((d: Json) => d.default).map((d: Json) => d.name)).toEqual(['Sales EU']);
    expect((await api.delete(`/${P}/departments/${sales.body._id}`, { token: owner })).status).toBe(400);
    const old = list.find((d: Json) => d.name === 'Default Department');
    expect((await api.delete(`/${P}/departments/${old._id}`, { token: owner })).status).toBe(200);
    expect((await api.get(`/${P}/departments/${old._id}/operators`, { token: owner })).status).toBe(404);
  });
});

describe('canned responses', () => {
  it('shares what owners create, keeps agents\' own private, and hides others\' from agents (404)', async () => {
    const shared = await api.post(`/${P}/canned`, { token: owner, body: { title: 'Hello', text: 'Hi $recipient_name!' } });
    expect(shared.body).toMatchObject({ shared: true, status: 100, text: 'Hi $recipient_name!' });
    const personal = await api.post(`/${P}/canned`, { token: ann.token, body: { title: 'Mine', text: 'Ann signature' } });
    expect(personal.body.shared).toBe(false);
    expect((await api.post(`/${P}/canned`, { token: ann.token, body: { title: 'x' } })).status).toBe(422);

    const benList = (await api.get(`/${P}/canned`, { token: ben.token })).body;
    expect(benList.map((c: Json) => c.title)).toEqual(['Hello']);
    const annList = (await api.get(`/${P}/canned`, { token: ann.token })).body;
    expect(annList.map((c: Json) => c.title).sort()).toEqual(['Hello', 'Mine']);
    expect((await api.get(`/${P}/canned?full_text=signature`, { token: ann.token })).body.map((c: Json) => c.title)).toEqual(['Mine']);

    const peek = await api.get(`/${P}/canned/${personal.body._id}`, { token: ben.token });
    expect(peek).toMatchObject({ status: 404, body: { success: false, msg: 'Object not found.' } });
    const edit = await api.put(`/${P}/canned/${personal.body._id}`, { token: ben.token, body: { text: 'hijacked' } });
    expect(edit.status).toBe(404);
    expect((await api.put(`/${P}/canned/${shared.body._id}`, { token: ben.token, body: { text: 'hijacked' } })).status).toBe(404);
    const own = await api.put(`/${P}/canned/${personal.body._id}`, { token: ann.token, body: { text: 'Ann, support team', shared: true } });
    expect(own.body).toMatchObject({ text: 'Ann, support team', shared: false });
    expect((await api.put(`/${P}/canned/${personal.body._id}`, { token: owner, body: { title: 'Signature' } })).body.title).toBe('Signature');

    const removed = await api.delete(`/${P}/canned/${personal.body._id}`, { token: ann.token });
    expect(removed.body.status).toBe(1000);
    expect((await api.get(`/${P}/canned`, { token: ann.token })).body.map((c: Json) => c.title)).toEqual(['Hello']);
    expect((await api.delete(`/${P}/canned/${shared.body._id}/physical`, { token: owner })).status).toBe(200);
    expect((await api.get(`/${P}/canned/${shared.body._id}`, { token: owner })).status).toBe(404);
  });
});
