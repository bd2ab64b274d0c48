/**
 * Replays the capture session of a real tiledesk-server 2.19.16 (tests/server/fixtures) against the local
 * server, route by route, and compares status codes and response shapes (key sets and value types).
 * Ignored keys are the ones the capture only shows because its test database ignored MongoDB projections
 * (password hashes, extra user fields, `snapshot.agents` in REST output), see tiledesk-protocol.md §10.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectShape, sample, startTestServer, type Api, type Json, type TestServer } from './helpers.ts';

const SIGNIN_USER_PROJECTION = ['user.status', 'user.phone', 'user.createdAt', 'user.updatedAt', 'user.__v'];
const REST_AGENTS = ['snapshot.agents'];

let server: TestServer;
let api: Api;
let owner: string;
let ownerId: string;
let agent: string;
let agentId: string;
let projectId: string;
let guest: { token: string; id: string };
let requestId: string;

async function compare(name: string, actual: { status: number; body: unknown }, ignore: string[] = []): Promise<Json> {
  const captured = await sample(name);
  expect(actual.status, name).toBe(captured.status);
  expectShape(actual.body, captured.response, ignore);
  return captured;
}

beforeAll(async () => {
  server = await startTestServer();
  api = server.api;
});

afterAll(async () => {
  await server.stop();
});

describe('accounts and projects (§2, §3)', () => {
  it('signs up, signs in, creates a project and invites an agent like the capture', async () => {
    const signup = await api.post('/auth/signup', { body: { email: 'owner2@example.com', password: 'ownerpass2', firstname: 'Owner', lastname: 'Two', phone: '+393330002222' } });
    await compare('04f-auth-signup-owner2', signup);
    ownerId = signup.body.user._id;

    const signin = await api.post('/auth/signin', { body: { email: 'OWNER2@example.com', password: 'ownerpass2' } });
    await compare('01-auth-signin', signin, SIGNIN_USER_PROJECTION);
    expect(signin.body.token).toMatch(/^JWT ey/);
    owner = signin.body.token;

    const project = await api.post('/projects', { token: owner, body: { name: 'Second project' } });
    await compare('04h-project-create', project);
    projectId = project.body._id;

    const invite = await api.post(`/${projectId}/project_users/invite`, { token: owner, body: { email: 'agent1@example.com', role: 'agent' } });
    await compare('04c-invite-agent-pending', invite);

    const agentSignup = await api.post('/auth/signup', { body: { email: 'agent1@example.com', password: 'agentpass1', firstname: 'Agent', lastname: 'One', phone: '+393330001111' } });
    await compare('04-auth-signup', agentSignup);
    agentId = agentSignup.body.user._id;
    agent = await api.signin('agent1@example.com', 'agentpass1');
  });

  it('answers sign-in failures as documented', async () => {
    await compare('01b-auth-signin-wrongpw', await api.post('/auth/signin', { body: { email: 'owner2@example.com', password: 'nope' } }));
    await compare('01c-auth-signin-invalid', await api.post('/auth/signin', { body: { email: 'notanemail', password: 'x' } }));
    await compare('01d-auth-signin-unknown', await api.post('/auth/signin', { body: { email: 'nobody@example.com', password: 'x' } }));
    const duplicate = await api.post('/auth/signup', { body: { email: 'agent1@example.com', password: 'x', firstname: 'A', lastname: 'B' } });
    expect(duplicate.status).toBe(403);
    expect(duplicate.body).toEqual({ success: false, message: 'Email already registered' });
    const noNames = await api.post('/auth/signup', { body: { email: 'new@example.com', password: 'x' } });
    expect(noNames.status).toBe(422);
    expect(noNames.body.errors.map((e: Json) => e.param)).toEqual(['firstname', 'lastname']);
  });

  it('does not reproduce the "superadmin" master password', async () => {
    const response = await api.post('/auth/signin', { body: { email: 'owner2@example.com', password: 'superadmin' } });
    expect(response.status).toBe(401);
  });

  it('lists projects and project users', async () => {
    await compare('02-projects-list', await api.get('/projects/', { token: owner }));
    await compare('04d-agent-projects', await api.get('/projects/', { token: agent }));
    await compare('04k-basic-auth-projects', await api.get('/projects/', { basic: ['owner2@example.com', 'ownerpass2'] }));
    await compare('02c-project-detail', await api.get(`/projects/${projectId}`, { token: owner }));
    await compare('03-project-users-me', await api.get(`/${projectId}/project_users/me`, { token: owner }));
    await compare('04e-agent-pu-me', await api.get(`/${projectId}/project_users/me`, { token: agent }));
    const list = await compare('03b-project-users-list', await api.get(`/${projectId}/project_users/`, { token: owner }));
    expect(list.response).toHaveLength(1);
    expect((await api.get(`/${projectId}/project_users/`, { token: owner })).body).toHaveLength(2);
    await compare('03c-users-me', await api.get('/users/', { token: owner }), ['status', 'phone', 'createdAt', 'updatedAt', '__v']);
    await compare('03d-project-user-by-user', await api.get(`/${projectId}/project_users/users/${ownerId}`, { token: owner }));
  });

  it('creates webhook subscriptions with their secret, lists them without', async () => {
    for (const event of ['message.create', 'request.create', 'request.update', 'request.close', 'project_user.update']) {
      // Deliveries are tested in webhooks.test.ts; here they go to this server, which answers 400 (final).
      const response = await api.post(`/${projectId}/subscriptions`, { token: owner, body: { event, target: `${server.url}/hook/${event}` } });
      const captured = await compare(`06-subscription-create${event === 'message.create' ? '' : `-${event}`}`, response);
      expect(Object.keys(captured.headers)).toContain('x-hook-secret');
      expect(response.headers.get('x-hook-secret')).toBe(response.body.secret);
    }
    const list = await api.get(`/${projectId}/subscriptions`, { token: owner });
    await compare('06b-subscription-list', list, ['[].secret']);
    expect(list.body[0]).not.toHaveProperty('secret');
    const secrets = new Set(list.body.map((s: Json) => s._id));
    expect(secrets.size).toBe(5);
  });
});

describe('a conversation from the first visitor message to reopen (§4, §5)', () => {
  it('signs a visitor in anonymously', async () => {
    const response = await api.post('/auth/signinAnonymously', { body: { id_project: projectId, firstname: 'John' } });
    await compare('05-auth-signinAnonymously', response);
    expect(response.body.user.fullName).toBe('John ');
    guest = { token: response.body.token, id: response.body.user._id };
  });

  it('creates the request with the first message and routes it', async () => {
    requestId = `support-group-${projectId}-66e3b6e9c447470ebaf5572c2828b7b2`;
    const captured = await sample('07-guest-send-first-message');
    const response = await api.post(`/${projectId}/requests/${requestId}/messages`, { token: guest.token, body: captured.request.body });
    await compare('07-guest-send-first-message', response, REST_AGENTS.map((p) => `request.${p}`));
    expect(response.body).toMatchObject({ sender: guest.id, senderFullname: 'John ', status: 0, recipient: requestId, type: 'text' });
    expect(response.body.request).toMatchObject({ status: 200, request_id: requestId, ticket_id: 1, first_text: 'hello, I need help' });
    expect(response.body.request.participants).toHaveLength(1);
    expect(response.body.request.attributes).toEqual({ client: 'test' });

    const empty = await api.post(`/${projectId}/requests/support-group-${projectId}-empty/messages`, { token: guest.token, body: {} });
    await compare('08e-send-empty-text-newreq', empty);
    expect(empty.body).toEqual({ errors: ['text field is required'] });
  });

  it('sends text, image and info messages and stores them verbatim with status 0', async () => {
    const path = `/${projectId}/requests/${requestId}/messages`;
    // The real server embeds the request as loaded before or after the `last_message` update (a race); here
    // it is always after, so the copied message's optional fields differ from the capture.
    const embedded = ['request.snapshot.agents', 'request.attributes.last_message'];
    const text = await api.post(path, { token: owner, body: { text: 'Hi, how can I help?', attributes: { clienttimestamp: 1795311671262 } } });
    await compare('08-agent-send-message', text, embedded);
    expect(text.body).toMatchObject({ sender: ownerId, senderFullname: 'Owner Two', status: 0, attributes: { clienttimestamp: 1795311671262 } });
    expect(text.body.request.attributes.last_message._id).toBe(text.body._id);

    const image = await api.post(path, { token: owner, body: { text: 'alt text', type: 'image', metadata: { src: 'https://example.com/a.png', width: 200, height: 100 } } });
    await compare('08b-agent-send-image', image, embedded);
    expect(image.body.request.attributes.last_message).toEqual({ ...image.body, request: undefined });
    expect(image.body.metadata).toEqual({ src: 'https://example.com/a.png', width: 200, height: 100 });

    const info = await api.post(path, { basic: ['owner2@example.com', 'ownerpass2'], body: { text: 'internal note-ish', attributes: { subtype: 'info' } } });
    await compare('08c-agent-send-info', info, embedded);

    const second = await api.post(path, { token: guest.token, body: { text: 'thanks!' } });
    await compare('08d-guest-send-second', second, embedded);
  });

  it('lists messages oldest first, for agents and the visitor; one message; unknown request → []', async () => {
    const list = await api.get(`/${projectId}/requests/${requestId}/messages`, { token: owner });
    await compare('09-messages-list', list);
    expect(list.body.map((m: Json) => m.text)).toEqual(['hello, I need help', 'Hi, how can I help?', 'alt text', 'internal note-ish', 'thanks!']);
    await compare('09b-messages-list-guest', await api.get(`/${projectId}/requests/${requestId}/messages`, { token: guest.token }));
    const one = await api.get(`/${projectId}/requests/${requestId}/messages/${list.body[0]._id}`, { token: owner });
    await compare('09c-message-one', one);
    expect((await api.get(`/${projectId}/requests/${requestId}/messages/000000000000000000000000`, { token: owner })).status).toBe(404);
    const unknown = await api.get(`/${projectId}/requests/nope/messages`, { token: owner });
    expect(unknown).toMatchObject({ status: 200, body: [] });
  });

  it('lists requests populated, unpopulated, as agent, as visitor; counts them; 403 for visitors', async () => {
    await compare('10-requests-list', await api.get(`/${projectId}/requests?limit=10&page=0`, { token: owner }), ['requests[].snapshot.agents']);
    const light = await api.get(`/${projectId}/requests?no_populate=true&status=100,200`, { token: owner });
    await compare('10b-requests-list-nopopulate', light, ['requests[].snapshot.agents']);
    expect(typeof light.body.requests[0].department).toBe('string');
    await compare('10c-requests-list-agent', await api.get(`/${projectId}/requests`, { token: agent }), ['requests[].snapshot.agents']);
    await compare('10d-requests-list-guest', await api.get(`/${projectId}/requests`, { token: guest.token }));
    await compare('10e-requests-me-guest', await api.get(`/${projectId}/requests/me`, { token: guest.token }), ['requests[].snapshot.agents']);
    const count = await api.get(`/${projectId}/requests/count`, { token: owner });
    await compare('10f-requests-count', count);
    expect(count.body).toEqual({ unassigned: 0, assigned: 1, bot_assigned: 0 });
  });

  it('gets one request populated, 404 when unknown', async () => {
    const response = await api.get(`/${projectId}/requests/${requestId}`, { token: owner });
    await compare('11-request-get', response, REST_AGENTS);
    expect(response.body.lead).toMatchObject({ lead_id: guest.id, fullname: 'John ' });
    expect(response.body.requester).toMatchObject({ uuid_user: guest.id, role: 'guest', isAuthenticated: false });
    await compare('11b-request-get-404', await api.get(`/${projectId}/requests/nonexistent`, { token: owner }));
  });

  let secondRequest: string;
  it('creates an empty request for a visitor (unpopulated answer) and inserts several messages', async () => {
    const created = await api.post(`/${projectId}/requests`, {
      basic: ['owner2@example.com', 'ownerpass2'], body: { sender: guest.id, first_text: 'How can I restore my password', participants: [ownerId] },
    });
    await compare('12-request-create', created, REST_AGENTS);
    expect(typeof created.body.lead).toBe('string');
    expect(created.body.request_id).toMatch(new RegExp(`^support-group-${projectId}-[0-9a-f]{32}$`));
    expect(created.body.ticket_id).toBe(2);
    secondRequest = created.body.request_id;

    const captured = await sample('12b-messages-multi');
    const body = (captured.request.body as Json[]).map((m) => (m.sender === 'chatbot1' ? m : { ...m, sender: guest.id }));
    const multi = await api.post(`/${projectId}/requests/${secondRequest}/messages/multi`, { basic: ['owner2@example.com', 'ownerpass2'], body });
    await compare('12b-messages-multi', multi);
    expect(multi.body.map((m: Json) => [m.sender, m.senderFullname, m.createdBy])).toEqual([
      [guest.id, 'Owner Two', guest.id], ['chatbot1', 'Owner Two', 'chatbot1'],
    ]);
    const missing = await api.post(`/${projectId}/requests/nope/messages/multi`, { token: owner, body: [{ text: 'x' }] });
    expect(missing).toMatchObject({ status: 404, body: { success: false, msg: "Request doesn't exist." } });

    await compare('12c-request-create-guest-forbidden', await api.post(`/${projectId}/requests`, { token: guest.token, body: { first_text: 'x' } }));
    const noText = await api.post(`/${projectId}/requests`, { token: owner, body: {} });
    expect(noText.status).toBe(422);
    expect(noText.body.errors[0]).toEqual({ msg: 'Invalid value', param: 'first_text', location: 'body' });
    const stranger = await api.post(`/${projectId}/requests`, { token: owner, body: { first_text: 'x', sender: 'not-a-member' } });
    expect(stranger).toMatchObject({ status: 403, body: { success: false, msg: 'Unauthorized. Project_user not found with user id : not-a-member' } });
  });

  it('refuses a close by an agent who is not a participant', async () => {
    const response = await api.put(`/${projectId}/requests/${secondRequest}/close`, { token: agent });
    await compare('17d-request-close-by-agent-nonparticipant', response);
  });

  it('joins, leaves and reassigns participants with the status transitions', async () => {
    const path = `/${projectId}/requests/${requestId}/participants`;
    const joined = await api.post(path, { token: owner, body: { member: agentId } });
    await compare('13-participant-add', joined, REST_AGENTS);
    expect(joined.body.participants).toContain(agentId);
    expect(joined.body.status).toBe(200);

    await api.delete(`${path}/${ownerId}`, { token: owner });
    const left = await api.delete(`${path}/${agentId}`, { token: owner });
    await compare('13b-participant-remove', left, REST_AGENTS);
    expect(left.body).toMatchObject({ status: 100, participants: [], participantsAgents: [] });
    expect(Object.values(left.body.attributes.abandoned_by_project_users)).toHaveLength(2);

    const set = await api.put(path, { token: owner, body: [ownerId] });
    await compare('13c-participants-set', set, REST_AGENTS);
    expect(set.body).toMatchObject({ status: 200, participants: [ownerId] });

    const messages = (await api.get(`/${projectId}/requests/${requestId}/messages`, { token: owner })).body;
    expect(messages.at(-1)).toMatchObject({
      sender: 'system', senderFullname: 'Bot', text: 'A new support request has been assigned to you: hello, I need help',
      attributes: { subtype: 'info', updateconversationfor: [ownerId], messagelabel: { key: 'TOUCHING_OPERATOR' } },
    });
    const invalid = await api.post(path, { token: owner, body: {} });
    expect(invalid.status).toBe(422);
  });

  it('adds a note, a tag, patches fields and attributes', async () => {
    const base = `/${projectId}/requests/${requestId}`;
    const note = await api.post(`${base}/notes`, { token: owner, body: { text: 'customer is VIP' } });
    await compare('14-note-add', note, REST_AGENTS);
    expect(note.body.notes[0]).toMatchObject({ text: 'customer is VIP', createdBy: ownerId });
    const agentNote = await api.post(`${base}/notes`, { token: agent, body: { text: 'not mine' } });
    expect(agentNote).toMatchObject({ status: 403, body: { success: false, error: 'You are not participating in the conversation' } });

    const tag = await api.put(`${base}/tag`, { token: owner, body: [{ tag: 'billing', color: '#ff0000' }] });
    await compare('15-tag-add', tag, REST_AGENTS);
    const again = await api.put(`${base}/tag`, { token: owner, body: [{ tag: 'billing', color: '#00ff00' }, { tag: 'vip' }] });
    expect(again.body.tags.map((t: Json) => t.tag)).toEqual(['billing', 'vip']);

    const patch = await api.patch(base, { token: owner, body: { subject: 'Password issue', priority: 'high' } });
    await compare('15b-request-patch', patch, REST_AGENTS);
    expect(patch.body).toMatchObject({ subject: 'Password issue', priority: 'high' });

    const attributes = await api.patch(`${base}/attributes`, { token: owner, body: { foo: 'bar' } });
    await compare('15c-request-attributes', attributes, REST_AGENTS);
    expect(attributes.body.attributes).toMatchObject({ client: 'test', foo: 'bar' });

    const vip = again.body.tags.find((t: Json) => t.tag === 'vip');
    const untagged = await api.delete(`${base}/tag/${vip._id}`, { token: owner });
    expect(untagged.body.tags.map((t: Json) => t.tag)).toEqual(['billing']);
    const noteGone = await api.delete(`${base}/notes/${note.body.notes[0]._id}`, { token: owner });
    expect(noteGone.body.notes).toEqual([]);
  });

  it('sets availability and status text, computing isBusy', async () => {
    const busy = await api.put(`/${projectId}/project_users/`, { token: agent, body: { user_available: false, profileStatus: 'busy' } });
    await compare('16-availability-set', busy);
    expect(busy.body).toMatchObject({ user_available: false, profileStatus: 'busy' });
    const back = await api.put(`/${projectId}/project_users/`, { token: agent, body: { user_available: true } });
    await compare('16b-availability-restore', back);
    expect(back.body.profileStatus).toBe('busy');
  });

  it('closes with transcript and duration, lists closed requests, reopens', async () => {
    const closed = await api.put(`/${projectId}/requests/${requestId}/close`, { token: owner });
    await compare('17-request-close', closed, REST_AGENTS);
    expect(closed.body).toMatchObject({ status: 1000, closed_by: ownerId });
    expect(closed.body.duration).toBeGreaterThanOrEqual(0);
    expect(closed.body.transcript.split('\r\n')[0]).toMatch(/^\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d John : hello, I need help$/);
    const messages = (await api.get(`/${projectId}/requests/${requestId}/messages`, { token: owner })).body;
    expect(messages.at(-1)).toMatchObject({
      sender: 'system', text: 'Chat closed', status: 0, metadata: 'en',
      attributes: { subtype: 'info/support', updateconversation: false, messagelabel: { key: 'CHAT_CLOSED' } },
    });
    const twice = await api.put(`/${projectId}/requests/${requestId}/close`, { token: owner });
    expect(twice.body.closed_at).toBe(closed.body.closed_at);

    const history = await api.get(`/${projectId}/requests?status=1000&no_populate=true`, { token: owner });
    await compare('17b-requests-list-closed', history, ['requests[].snapshot.agents']);
    expect(history.body.count).toBe(1);
    expect((await api.get(`/${projectId}/requests`, { token: owner })).body.count).toBe(1);

    const reopened = await api.put(`/${projectId}/requests/${requestId}/reopen`, { token: owner });
    await compare('17c-request-reopen', reopened, REST_AGENTS);
    expect(reopened.body.status).toBe(200);
    const last = (await api.get(`/${projectId}/requests/${requestId}/messages`, { token: owner })).body.at(-1);
    expect(last).toMatchObject({ text: 'Chat reopened', attributes: { messagelabel: { key: 'CHAT_REOPENED' } } });
  });

  it('moves a conversation between departments and reroutes it', async () => {
    const billing = await api.post(`/${projectId}/departments`, { token: owner, body: { name: 'Billing', routing: 'pooled' } });
    expect(billing.status).toBe(200);
    const moved = await api.put(`/${projectId}/requests/${requestId}/departments`, { token: owner, body: { departmentid: billing.body._id } });
    expect(moved.body).toMatchObject({ status: 100, participants: [], department: { name: 'Billing', routing: 'pooled' } });
    const assigned = await api.put(`/${projectId}/requests/${requestId}/assign`, { token: owner, body: {} });
    expect(assigned.body.status).toBe(100);
    const defaultDepartment = (await api.get(`/${projectId}/departments/allstatus`, { token: owner })).body.find((d: Json) => d.default);
    const rerouted = await api.put(`/${projectId}/requests/${requestId}/assign`, { token: owner, body: { departmentid: defaultDepartment._id } });
    expect(rerouted.body.status).toBe(200);
    expect(rerouted.body.participants).toHaveLength(1);
  });

  it('deletes a request only for the owner', async () => {
    const byAgent = await api.delete(`/${projectId}/requests/${secondRequest}`, { token: agent });
    expect(byAgent).toMatchObject({ status: 403, body: { success: false, msg: 'Unauthorized.' } });
    const byOwner = await api.delete(`/${projectId}/requests/${secondRequest}`, { token: owner });
    expect(byOwner.status).toBe(200);
    expect((await api.get(`/${projectId}/requests/${secondRequest}`, { token: owner })).status).toBe(404);
    expect((await api.get(`/${projectId}/requests/${secondRequest}/messages`, { token: owner })).body).toEqual([]);
  });

  it('deletes a subscription (the real 2.19.16 answers 500 here; this server deletes it)', async () => {
    const [first] = (await api.get(`/${projectId}/subscriptions`, { token: owner })).body;
    const deleted = await api.delete(`/${projectId}/subscriptions/${first._id}`, { token: owner });
    expect(deleted.status).toBe(200);
    expect(deleted.body._id).toBe(first._id);
    expect((await api.get(`/${projectId}/subscriptions/${first._id}`, { token: owner })).status).toBe(404);
  });
});

describe('credentials and request errors (§1, §2.2)', () => {
  it('answers missing, wrong and malformed credentials like passport', async () => {
    const path = `/${projectId}/requests`;
    for (const [name, headers] of [
      ['19-noauth-401', {}],
      ['19b-badtoken-401', { Authorization: 'JWT abc.def.ghi' }],
      ['19c-bearer-scheme', { Authorization: owner.replace('JWT', 'Bearer') }],
      ['02b-projects-noauth', {}],
    ] as const) {
      const response = await api.get(name === '02b-projects-noauth' ? '/projects/' : path, { headers });
      const captured = await compare(name, response);
      expect(response.text).toBe('Unauthorized');
      expect(response.headers.get('www-authenticate')).toBe(captured.headers['www-authenticate']);
      expect(response.headers.get('content-type')).toBeNull();
    }
    const raw = await api.get(path, { headers: { Authorization: owner.slice(4) } });
    await compare('19d-raw-token-noscheme', raw);
    expect(raw.text).toBe('Bad Request');
    // The capture listed the newest request, one created by POST /requests.
    await api.post(path, { token: owner, body: { sender: guest.id, first_text: 'How can I restore my password' } });
    const lower = await api.get(`${path}?no_populate=true&limit=1`, { headers: { Authorization: owner.replace('JWT', 'jwt') } });
    await compare('19e-lowercase-jwt', lower, ['requests[].snapshot.agents']);
    await compare('04l-basic-auth-wrong', await api.get('/projects/', { basic: ['owner2@example.com', 'wrong'] }));
    const queryToken = await api.get(`${path}?secret_token=${encodeURIComponent(owner)}`);
    expect(queryToken).toMatchObject({ status: 403, body: { success: false, msg: 'Unauthorized.' } });
  });

  it('rejects bad project ids before authentication', async () => {
    await compare('19f-badproject', await api.get('/notanid/requests', { token: owner }));
    const unknown = await api.get('/000000000000000000000000/requests');
    expect(unknown).toMatchObject({ status: 400, body: { error: 'Project not found with id: 000000000000000000000000' } });
  });

  it('refuses non-members and too-low roles with the role bodies', async () => {
    const stranger = await api.post('/auth/signup', { body: { email: 'stranger@example.com', password: 'pw', firstname: 'S', lastname: 'T' } });
    expect(stranger.status).toBe(200);
    const token = await api.signin('stranger@example.com', 'pw');
    const response = await api.get(`/${projectId}/requests`, { token });
    expect(response).toMatchObject({ status: 403, body: { success: false, msg: 'you dont belong to the project.' } });
    const agentSubscriptions = await api.get(`/${projectId}/subscriptions`, { token: agent });
    expect(agentSubscriptions).toMatchObject({ status: 403, body: { success: false, msg: 'you dont have the required role.' } });
  });

  it('limits JSON bodies to 500KB (413) and answers unparsable JSON with 400', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(600 * 1024) });
    const tooLarge = await api.post(`/${projectId}/requests/${requestId}/messages`, { token: owner, raw: big, headers: { 'Content-Type': 'application/json' } });
    expect(tooLarge).toMatchObject({ status: 413, body: { err: 'Request entity too large', limit: 512000 } });
    const malformed = await api.post(`/${projectId}/requests/${requestId}/messages`, { token: owner, raw: '{"text":', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('Bad Request');
    const unknownRoute = await api.get(`/${projectId}/nothing-here`, { token: owner });
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.text).toContain(`Cannot GET /${projectId}/nothing-here`);
  });

  it('answers CORS preflights', async () => {
    const response = await api.call('OPTIONS', `/${projectId}/requests`, { headers: { 'Access-Control-Request-Headers': 'authorization,content-type', Origin: 'http://x' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });
});
