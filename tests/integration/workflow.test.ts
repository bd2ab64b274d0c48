/**
 * Workflow routes end to end: the agent core driven through its IPC dispatch against the local
 * Tiledesk-compatible server over real sockets — canned responses, team, departments, transfers,
 * webhooks (with a real delivery to a local receiver), transcript import and export, and the
 * forbidden cases.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import { RequestStatus } from '../../src/shared/domain.ts';
import type { TranscriptRow } from '../../src/shared/ipc/contract.ts';
import { parseTranscript } from '../../src/renderer/src/lib/transcript-import.ts';
import { call, callError, eventually } from '../helpers/core-client.ts';
import { DEMO, DEMO_PASSWORD, startLocalServer, visitor, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

interface Agent {
  core: AgentCore;
  ports: TestPorts;
  userId: string;
}

let local: LocalServer;
const agents: Agent[] = [];

async function signIn(email: string): Promise<Agent> {
  const ports = createTestPorts({ quiet: true });
  const core = await createAgentCore(ports, { batchFlushMs: 20, realtime: { heartbeatMs: 1000 } });
  const session = await call(core, 'session.signIn', { serverUrl: local.url, email, password: DEMO_PASSWORD });
  if (session.status !== 'signedIn' || !session.project) throw new Error(`${email} did not land in the demo project`);
  await ports.waitForEvent('connection.changed', (state) => state.status === 'online' && state.lastSyncAt !== null, { includePast: true, timeoutMs: 15_000 });
  const agent = { core, ports, userId: session.user.id };
  agents.push(agent);
  return agent;
}

let alice: Agent;
let bruno: Agent;
let olivia: Agent;

beforeAll(async () => {
  local = await startLocalServer();
  [alice, bruno, olivia] = await Promise.all([signIn(DEMO.agent), signIn(DEMO.agent2), signIn(DEMO.owner)]);
}, 60_000);

afterAll(async () => {
  for (const agent of agents) {
    await agent.core.dispose();
    agent.ports.cleanup();
  }
  await local?.destroy();
});

const inbox = async (agent: Agent) => (await call(agent.core, 'inbox.snapshot', null)).conversations;
const inboxEntry = async (agent: Agent, id: string) => (await inbox(agent)).find((conversation) => conversation.id === id);

describe('canned responses', () => {
  it('lists the shared responses and my own, marking which I may edit', async () => {
    const list = await call(alice.core, 'canned.list', null);
    const byTitle = new Map(list.map((item) => [item.title, item]));
    expect(byTitle.get('Greeting')).toMatchObject({ shared: true, editable: false, text: expect.stringContaining('$recipient_name') });
    expect(byTitle.get('Check spam folder')).toMatchObject({ shared: false, editable: true, createdBy: alice.userId });
    // Alice's personal response is hers alone.
    expect((await call(bruno.core, 'canned.list', null)).map((item) => item.title)).not.toContain('Check spam folder');
  });

  it('creates, edits and deletes my own response', async () => {
    const created = await call(alice.core, 'canned.create', { title: 'Tracking', text: 'Your tracking link: {visitor_name}', shared: false });
    expect(created).toMatchObject({ title: 'Tracking', shared: false, editable: true });
    const updated = await call(alice.core, 'canned.update', { id: created.id, title: 'Tracking link', text: 'Here is your tracking link, $recipient_name.' });
    expect(updated).toMatchObject({ id: created.id, title: 'Tracking link', text: 'Here is your tracking link, $recipient_name.' });
    expect((await call(alice.core, 'canned.list', null)).find((item) => item.id === created.id)?.title).toBe('Tracking link');
    await call(alice.core, 'canned.delete', { id: created.id });
    expect((await call(alice.core, 'canned.list', null)).some((item) => item.id === created.id)).toBe(false);
  });

  it('shares a response with the team when asked, and owners always share', async () => {
    const shared = await call(bruno.core, 'canned.create', { title: 'Refund timing', text: 'Refunds take 5 business days.', shared: true });
    expect((await call(alice.core, 'canned.list', null)).find((item) => item.id === shared.id)).toMatchObject({ shared: true, editable: false });
    const owners = await call(olivia.core, 'canned.create', { title: 'Holiday hours', text: 'We are closed on Dec 25.', shared: false });
    expect(owners.shared).toBe(true);
    expect((await call(alice.core, 'canned.list', null)).some((item) => item.id === owners.id)).toBe(true);
  });

  it("refuses an agent editing or deleting another agent's response, and leaves it unchanged", async () => {
    const brunos = await call(bruno.core, 'canned.create', { title: 'Bruno sign-off', text: 'Cheers, Bruno', shared: true });
    // Like the real server, an agent cannot even see someone else's response as editable: the server answers 404.
    const update = await callError(alice.core, 'canned.update', { id: brunos.id, title: 'Hijacked', text: 'Hijacked' });
    expect(update.code).toBe('not_found');
    const removal = await callError(alice.core, 'canned.delete', { id: brunos.id });
    expect(removal.code).toBe('not_found');
    expect((await call(bruno.core, 'canned.list', null)).find((item) => item.id === brunos.id)).toMatchObject({ title: 'Bruno sign-off', text: 'Cheers, Bruno' });
    // An owner may change anyone's response.
    const edited = await call(olivia.core, 'canned.update', { id: brunos.id, title: 'Sign-off', text: 'Cheers, the team' });
    expect(edited.title).toBe('Sign-off');
  });
});

describe('team and departments', () => {
  it('lists every team member with availability, busy state and how many conversations each holds', async () => {
    const team = await call(alice.core, 'team.list', null);
    const byEmail = new Map(team.map((member) => [member.email, member]));
    expect([...byEmail.keys()].sort()).toEqual([DEMO.agent2, DEMO.agent, DEMO.owner].sort());
    expect(byEmail.get(DEMO.owner)).toMatchObject({ role: 'owner', available: false });
    expect(byEmail.get(DEMO.agent)).toMatchObject({ userId: alice.userId, available: true, isBusy: false });
    const aliceOpen = (await inbox(olivia)).filter((conversation) => conversation.participants.includes(alice.userId) && conversation.status !== RequestStatus.closed);
    expect(byEmail.get(DEMO.agent)?.assignedCount).toBe(aliceOpen.length);
  });

  it('shows availability changes to the rest of the team live', async () => {
    await call(bruno.core, 'session.setAvailability', { available: false });
    await eventually(() => alice.ports.eventsOf('sync.batch').some((batch) => batch.team?.some((member) => member.userId === bruno.userId && !member.available)));
    expect((await call(alice.core, 'team.list', null)).find((member) => member.userId === bruno.userId)?.available).toBe(false);
    await call(bruno.core, 'session.setAvailability', { available: true });
  });

  it('lists the departments', async () => {
    const departments = await call(alice.core, 'departments.list', null);
    expect(departments.map((department) => [department.name, department.routing, department.isDefault]).sort()).toEqual([
      ['Billing', 'pooled', false],
      ['Default Department', 'assigned', true],
    ]);
  });
});

describe('transfers', () => {
  async function newConversationFor(agent: Agent, text: string): Promise<string> {
    const guest = await visitor(() => local.url, local.projectId, 'Tina');
    await guest.say(text);
    await call(olivia.core, 'conversation.reassign', { conversationId: guest.requestId, userIds: [agent.userId] }).catch(async () => {
      await eventually(async () => (await inboxEntry(olivia, guest.requestId)) !== undefined);
      return call(olivia.core, 'conversation.reassign', { conversationId: guest.requestId, userIds: [agent.userId] });
    });
    await eventually(async () => (await inboxEntry(agent, guest.requestId))?.participants.includes(agent.userId));
    return guest.requestId;
  }

  it('reassigns a conversation to another agent, and it shows live in their inbox as theirs', async () => {
    const id = await newConversationFor(alice, 'Please transfer me to Bruno');
    const result = await call(alice.core, 'conversation.reassign', { conversationId: id, userIds: [bruno.userId] });
    expect(result.participants).toEqual([bruno.userId]);
    await eventually(async () => (await inboxEntry(bruno, id))?.participants.includes(bruno.userId));
    const pushed = await bruno.ports.waitForEvent('sync.batch', (batch) => batch.conversations.some((c) => c.id === id && c.participants.includes(bruno.userId)), { includePast: true });
    expect(pushed.conversations.find((c) => c.id === id)?.status).toBe(RequestStatus.assigned);
    await eventually(async () => {
      const seenByAlice = await inboxEntry(alice, id);
      return seenByAlice === undefined || !seenByAlice.participants.includes(alice.userId);
    });
  });

  it('moves a conversation to another department, where its routing takes over', async () => {
    const id = await newConversationFor(alice, 'This is about an invoice');
    const billing = (await call(alice.core, 'departments.list', null)).find((department) => department.name === 'Billing')!;
    const moved = await call(alice.core, 'conversation.moveToDepartment', { conversationId: id, departmentId: billing.id });
    expect(moved).toMatchObject({ departmentId: billing.id, departmentName: 'Billing' });
    // Billing routes "pooled": the conversation waits in the queue of that department.
    expect(moved.status).toBe(RequestStatus.unassigned);
    await eventually(async () => (await inboxEntry(olivia, id))?.departmentId === billing.id);
  });

  it('puts a conversation back in the queue', async () => {
    const id = await newConversationFor(alice, 'Anyone can take this');
    const queued = await call(alice.core, 'conversation.backToQueue', { conversationId: id });
    expect(queued).toMatchObject({ status: RequestStatus.unassigned, participants: [] });
    await eventually(async () => (await inboxEntry(bruno, id))?.status === RequestStatus.unassigned || (await inboxEntry(olivia, id))?.status === RequestStatus.unassigned);
  });

  it('rejects a transfer of an unknown conversation', async () => {
    const error = await callError(alice.core, 'conversation.reassign', { conversationId: 'support-group-does-not-exist', userIds: [bruno.userId] });
    expect(['not_found', 'forbidden']).toContain(error.code);
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: { path: string; headers: IncomingHttpHeaders; body: { payload?: { text?: string }; hook?: { event?: string } } }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        deliveries.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(raw) as never });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('is forbidden to agents: list, create and delete', async () => {
    expect((await callError(alice.core, 'webhooks.list', null)).code).toBe('forbidden');
    expect((await callError(alice.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl}/nope` })).code).toBe('forbidden');
    expect((await callError(alice.core, 'webhooks.delete', { id: '0123456789abcdef01234567' })).code).toBe('forbidden');
  });

  it('lets an owner create a webhook that receives a real delivery when a message is sent, then delete it', async () => {
    const hook = await call(olivia.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl}/tiledesk` });
    expect(hook).toMatchObject({ event: 'message.create', target: `${receiverUrl}/tiledesk` });
    expect(hook.secret).toEqual(expect.any(String));
    const listed = await call(olivia.core, 'webhooks.list', null);
    expect(listed.find((item) => item.id === hook.id)).toMatchObject({ event: 'message.create', secret: null });

    const guest = await visitor(() => local.url, local.projectId, 'Hook');
    await guest.say('A message for the webhook');
    const delivery = await eventually(() => deliveries.find((item) => item.body.payload?.text === 'A message for the webhook'));
    expect(delivery.path).toBe('/tiledesk');
    expect(delivery.headers['x-hook-secret']).toBe(hook.secret);
    expect(delivery.body.hook?.event).toBe('message.create');

    await call(olivia.core, 'webhooks.delete', { id: hook.id });
    expect((await call(olivia.core, 'webhooks.list', null)).some((item) => item.id === hook.id)).toBe(false);
    const before = deliveries.length;
    await guest.say('Nobody is listening now');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(deliveries.length).toBe(before);
    expect((await callError(olivia.core, 'webhooks.delete', { id: hook.id })).code).toBe('not_found');
  });

  it('refuses a target that is not an http(s) URL before anything reaches the server', async () => {
    expect((await callError(olivia.core, 'webhooks.create', { event: 'message.create', target: 'file:///etc/passwd' })).code).toBe('invalid_argument');
  });
});

describe('transcript import and export', () => {
  const t0 = Date.UTC(2024, 4, 6, 9, 0, 0);

  it('imports 200 messages as one conversation, in their original order', async () => {
    const csv = ['sender,name,text,timestamp'];
    // Written out of order on purpose; the parser sorts, the core keeps the order through clienttimestamp.
    for (let i = 199; i >= 0; i--) csv.push(`${i % 2 ? 'agent,Alice Martin' : 'visitor,Marta Neri'},"Message ${i}, quoted",${(t0 + i * 1000) / 1000}`);
    const parsed = parseTranscript(new TextEncoder().encode(csv.join('\n')), 'history.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const conversation = await call(alice.core, 'transcript.import', { visitorName: parsed.visitorName, rows: parsed.rows });
    expect(conversation.visitor.name).toBe('Marta Neri');
    let page = await call(alice.core, 'conversation.open', { conversationId: conversation.id });
    const messages = [...page.messages];
    while (page.hasOlder) {
      page = await call(alice.core, 'conversation.loadOlder', { conversationId: conversation.id, beforeSortKey: messages[0]!.sortKey, limit: 100 });
      messages.unshift(...page.messages);
    }
    const texts = messages.filter((message) => message.text.startsWith('Message ')).map((message) => message.text);
    expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `Message ${i}, quoted`));
    expect(messages.find((message) => message.text === 'Message 0, quoted')).toMatchObject({ author: 'visitor', senderFullname: 'Marta Neri', sortKey: t0 });
    expect(messages.find((message) => message.text === 'Message 1, quoted')).toMatchObject({ senderFullname: 'Alice Martin', sortKey: t0 + 1000 });
  });

  it('rejects a transcript with an implausible row and creates nothing', async () => {
    const before = (await inbox(olivia)).length;
    const rows: TranscriptRow[] = [
      { sender: 'visitor', name: 'V', text: 'hello', timestamp: t0 },
      { sender: 'agent', name: 'A', text: 'hi', timestamp: 42 },
    ];
    const error = await callError(alice.core, 'transcript.import', { visitorName: 'V', rows });
    expect(error.code).toBe('invalid_argument');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await inbox(olivia)).length).toBe(before);
  });

  it('exports a closed conversation as text and as JSON, and the JSON imports back', async () => {
    const { conversations } = await call(alice.core, 'inbox.loadClosed', { page: 0 });
    const closed = conversations.find((conversation) => conversation.visitor.name.startsWith('Emma'));
    if (!closed) throw new Error('the seeded closed conversation of Emma is missing');
    const text = await call(alice.core, 'conversation.export', { conversationId: closed.id, format: 'text' });
    expect(text.fileName).toMatch(/\.txt$/);
    expect(text.content).toMatch(/^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} Emma Johnson ?: Hi! My order #10452/);
    const json = await call(alice.core, 'conversation.export', { conversationId: closed.id, format: 'json' });
    expect(json.fileName).toMatch(/\.json$/);
    const reimported = parseTranscript(new TextEncoder().encode(json.content), json.fileName);
    if (!reimported.ok) throw new Error(JSON.stringify(reimported.issues));
    expect(reimported.visitorName).toBe('Emma Johnson');
    expect(reimported.rows[0]).toMatchObject({ sender: 'visitor', text: expect.stringContaining('My order #10452') });
  });
});
