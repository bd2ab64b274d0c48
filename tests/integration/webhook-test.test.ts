/**
 * "Send test event" end to end: the agent core, driven through its IPC dispatch, looks the subscription up on the
 * local Tiledesk-compatible server and POSTs a sample delivery to a real local receiver, shaped like the server's
 * own deliveries (headers, body, a token signed with the secret). Failures the admin must be able to tell apart:
 * an error status, a refused connection, a target that never answers, a redirect, an unknown secret, an agent.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore, type CoreTuning } from '../../src/main/core/agent-core.ts';
import { RequestStatus } from '../../src/shared/domain.ts';
import { call, callError } from '../helpers/core-client.ts';
import { DEMO, DEMO_PASSWORD, restAgent, startLocalServer, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type MemorySecretStore, type TestPorts } from '../helpers/test-ports.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> & { payload: Record<string, unknown>; hook: Record<string, unknown>; token?: string };
}

/** How the receiver answers, by path; unknown paths get 200. `hang` never answers. */
const answers = new Map<string, number | 'hang' | { redirect: string }>();
const received: Received[] = [];
const testDeliveries = () => received.filter((delivery) => delivery.body.payload?.test === true);

let local: LocalServer;
let receiver: Server;
let receiverUrl: string;
const hanging: ServerResponse[] = [];
const opened: { core: AgentCore; ports: TestPorts }[] = [];
const TIMEOUT_MS = 1500;

async function signIn(email: string, reuse?: { dataDir: string; secretStore: MemorySecretStore }): Promise<{ core: AgentCore; ports: TestPorts; userId: string }> {
  const ports = createTestPorts({ quiet: true, ...(reuse ?? {}) });
  const tuning: CoreTuning = { batchFlushMs: 20, realtime: { heartbeatMs: 1000 }, webhookTestTimeoutMs: TIMEOUT_MS };
  const core = await createAgentCore(ports, tuning);
  opened.push({ core, ports });
  const session = reuse ? await call(core, 'session.get', null) : await call(core, 'session.signIn', { serverUrl: local.url, email, password: DEMO_PASSWORD });
  if (session.status !== 'signedIn' || !session.project) throw new Error(`${email} did not land in the demo project`);
  return { core, ports, userId: session.user.id };
}

let owner: Awaited<ReturnType<typeof signIn>>;
let agent: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  local = await startLocalServer();
  receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ method: request.method ?? '', path, headers: request.headers, body: JSON.parse(raw) as Received['body'] });
      const answer = answers.get(path) ?? 200;
      if (answer === 'hang') hanging.push(response);
      else if (typeof answer === 'object') response.writeHead(302, { location: answer.redirect }).end();
      else response.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 400 ? 'receiver failed' : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  [owner, agent] = await Promise.all([signIn(DEMO.owner), signIn(DEMO.agent)]);
}, 60_000);

afterAll(async () => {
  for (const response of hanging) response.destroy();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  for (const { core, ports } of opened) {
    await core.dispose();
    ports.cleanup();
  }
  await local?.destroy();
});

beforeEach(() => {
  received.length = 0;
});

describe('send test event', () => {
  it('delivers a sample message.create exactly like Tiledesk does: headers, body, secret and a token that verifies', async () => {
    const hook = await call(owner.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl}/hooks/messages` });
    const before = Date.now();
    const result = await call(owner.core, 'webhooks.test', { id: hook.id });

    expect(result).toMatchObject({ delivered: true, status: 200, error: null, secretKnown: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.durationMs).toBeLessThan(TIMEOUT_MS);
    expect(Date.parse(result.sentAt)).toBeGreaterThanOrEqual(before - 1000);

    const [delivery, ...others] = testDeliveries();
    expect(others).toHaveLength(0);
    expect(delivery).toMatchObject({ method: 'POST', path: '/hooks/messages' });
    expect(delivery!.headers).toMatchObject({ 'content-type': 'application/json', 'x-hook-secret': hook.secret, 'user-agent': 'tiledesk-webhooks' });

    const { timestamp, payload, hook: sentHook, token } = delivery!.body;
    expect(Object.keys(delivery!.body).sort()).toEqual(['hook', 'payload', 'timestamp', 'token']);
    expect(timestamp).toEqual(expect.any(Number));
    expect(sentHook).toMatchObject({ _id: hook.id, event: 'message.create', target: `${receiverUrl}/hooks/messages`, id_project: local.projectId });
    expect(sentHook).not.toHaveProperty('secret');
    expect(payload).toMatchObject({ test: true, type: 'text', id_project: local.projectId, text: expect.any(String), sender: expect.any(String) });
    expect(payload.request).toMatchObject({ id_project: local.projectId, participants: [owner.userId], request_id: payload.recipient });

    const verified = await jwtVerify(token!, new TextEncoder().encode(hook.secret!), {
      issuer: 'https://tiledesk.com',
      audience: `https://tiledesk.com/subscriptions/${hook.id}`,
      subject: 'subscription',
    });
    expect(verified.protectedHeader.alg).toBe('HS256');
    expect(verified.payload).toMatchObject({ _id: hook.id, event: 'message.create' });
    await expect(jwtVerify(token!, new TextEncoder().encode('some other secret'))).rejects.toThrow();
  });

  it('sends a payload shaped for each event the app can subscribe to', async () => {
    const shapes = {
      'request.create': (payload: Record<string, unknown>) => expect(payload).toMatchObject({ status: RequestStatus.assigned, first_text: expect.any(String), lead: { fullname: expect.any(String) } }),
      'request.update': (payload: Record<string, unknown>) => expect(payload).toMatchObject({ request_id: expect.stringMatching(/^support-group-/), participants: [owner.userId] }),
      'request.close': (payload: Record<string, unknown>) =>
        expect(payload).toMatchObject({ status: RequestStatus.closed, closed_by: owner.userId, transcript: expect.any(String), messages: [expect.objectContaining({ type: 'text' })] }),
      'project_user.update': (payload: Record<string, unknown>) =>
        expect(payload).toMatchObject({ id_project: local.projectId, role: 'owner', id_user: { _id: owner.userId, email: DEMO.owner }, user_available: expect.any(Boolean) }),
    } as const;
    for (const [event, check] of Object.entries(shapes)) {
      const hook = await call(owner.core, 'webhooks.create', { event: event as keyof typeof shapes, target: `${receiverUrl}/hooks/${event}` });
      expect((await call(owner.core, 'webhooks.test', { id: hook.id })).delivered, event).toBe(true);
      const delivery = testDeliveries().find((item) => item.path === `/hooks/${event}`);
      expect(delivery?.body.hook.event, event).toBe(event);
      expect(delivery!.body.payload.test).toBe(true);
      check(delivery!.body.payload);
    }
  });

  it('reports an error status from the target as not delivered, with the status', async () => {
    answers.set('/hooks/broken', 500);
    const hook = await call(owner.core, 'webhooks.create', { event: 'request.create', target: `${receiverUrl}/hooks/broken` });
    const result = await call(owner.core, 'webhooks.test', { id: hook.id });
    expect(result).toMatchObject({ delivered: false, status: 500, error: null, secretKnown: true });
    // Sent once: a test is not retried the way real deliveries are.
    expect(testDeliveries().filter((delivery) => delivery.path === '/hooks/broken')).toHaveLength(1);
  });

  it('does not follow a redirect: the 302 is the answer', async () => {
    answers.set('/hooks/moved', { redirect: '/hooks/elsewhere' });
    const hook = await call(owner.core, 'webhooks.create', { event: 'request.update', target: `${receiverUrl}/hooks/moved` });
    expect(await call(owner.core, 'webhooks.test', { id: hook.id })).toMatchObject({ delivered: false, status: 302, error: null });
    expect(testDeliveries().map((delivery) => delivery.path)).toEqual(['/hooks/moved']);
  });

  it('says "connection refused" when nothing listens at the target', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const hook = await call(owner.core, 'webhooks.create', { event: 'message.create', target: `http://127.0.0.1:${closedPort}/gone` });
    const result = await call(owner.core, 'webhooks.test', { id: hook.id });
    expect(result).toMatchObject({ delivered: false, status: null, error: 'connection refused' });
  });

  it('says the TLS handshake failed when an https target does not speak TLS', async () => {
    const hook = await call(owner.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl.replace('http:', 'https:')}/tls` });
    const result = await call(owner.core, 'webhooks.test', { id: hook.id });
    expect(result).toMatchObject({ delivered: false, status: null, error: expect.stringMatching(/^TLS handshake failed/) });
  });

  it('gives up on a target that never answers, and says it timed out', async () => {
    answers.set('/hooks/slow', 'hang');
    const hook = await call(owner.core, 'webhooks.create', { event: 'request.close', target: `${receiverUrl}/hooks/slow` });
    const result = await call(owner.core, 'webhooks.test', { id: hook.id });
    expect(result).toMatchObject({ delivered: false, status: null, error: 'timed out' });
    expect(result.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(result.durationMs).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('sends without secret header and token when the webhook was created elsewhere, and says so', async () => {
    const dashboard = await restAgent(() => local.url, DEMO.owner);
    const created = (await dashboard.call('POST', `/${local.projectId}/subscriptions`, { event: 'request.create', target: `${receiverUrl}/hooks/dashboard` })) as { _id: string };
    const result = await call(owner.core, 'webhooks.test', { id: created._id });
    expect(result).toMatchObject({ delivered: true, status: 200, error: null, secretKnown: false });
    const delivery = testDeliveries().find((item) => item.path === '/hooks/dashboard');
    expect(delivery?.headers).not.toHaveProperty('x-hook-secret');
    expect(Object.keys(delivery!.body).sort()).toEqual(['hook', 'payload', 'timestamp']);
  });

  it('remembers the secret across a restart of the app, and never returns it again', async () => {
    const hook = await call(owner.core, 'webhooks.create', { event: 'project_user.update', target: `${receiverUrl}/hooks/restart` });
    const restarted = await signIn(DEMO.owner, { dataDir: owner.ports.dataDir, secretStore: owner.ports.secretStore });
    const result = await call(restarted.core, 'webhooks.test', { id: hook.id });
    expect(result).toMatchObject({ delivered: true, secretKnown: true });
    expect(JSON.stringify(result)).not.toContain(hook.secret!);
    expect(testDeliveries().find((item) => item.path === '/hooks/restart')?.headers['x-hook-secret']).toBe(hook.secret);
    expect((await call(restarted.core, 'webhooks.list', null)).find((item) => item.id === hook.id)?.secret).toBeNull();
  });

  it('is forbidden to agents, and nothing is sent', async () => {
    const hook = await call(owner.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl}/hooks/agents` });
    const error = await callError(agent.core, 'webhooks.test', { id: hook.id });
    expect(error.code).toBe('forbidden');
    expect(testDeliveries()).toHaveLength(0);
  });

  it('reports a webhook that no longer exists as not found', async () => {
    const hook = await call(owner.core, 'webhooks.create', { event: 'message.create', target: `${receiverUrl}/hooks/deleted` });
    await call(owner.core, 'webhooks.delete', { id: hook.id });
    expect((await callError(owner.core, 'webhooks.test', { id: hook.id })).code).toBe('not_found');
    expect(testDeliveries()).toHaveLength(0);
  });
});
