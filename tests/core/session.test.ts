/**
 * Signing in, choosing and switching projects, restarting the app, signing out — against the local
 * Tiledesk-compatible server over real sockets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import { call, callError, eventually } from '../helpers/core-client.ts';
import { DEMO, DEMO_PASSWORD, restAgent, startLocalServer, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

let local: LocalServer;
const cores: AgentCore[] = [];
const allPorts: TestPorts[] = [];

const tuning = { batchFlushMs: 20, realtime: { heartbeatMs: 200, deadLinkMs: 3000, backoff: { initialMs: 100, maxMs: 500 } } };

async function newCore(ports = createTestPorts()) {
  allPorts.push(ports);
  const core = await createAgentCore(ports, tuning);
  cores.push(core);
  return { core, ports };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  local = await startLocalServer({ heartbeatMs: 1000 });
});

afterEach(async () => {
  while (cores.length) await cores.pop()!.dispose();
});

afterAll(async () => {
  await local.destroy();
  for (const ports of allPorts) ports.cleanup();
});

describe('sign-in', () => {
  it('signs in, opens the only project and never hands the token to the renderer', async () => {
    const { core, ports } = await newCore();
    const state = await call(core, 'session.signIn', { serverUrl: `${local.url}/`, email: DEMO.agent, password: DEMO_PASSWORD });
    expect(state.status).toBe('signedIn');
    if (state.status !== 'signedIn') return;
    expect(state.serverUrl).toBe(local.url);
    expect(state.user.email).toBe(DEMO.agent);
    expect(state.project?.name).toBe('Demo Support');
    expect(state.availability?.available).toBe(true);
    await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && c.lastSyncAt !== null, { includePast: true });
    const inbox = await call(core, 'inbox.snapshot', null);
    expect(inbox.conversations.length).toBeGreaterThan(0);

    const token = JSON.parse(ports.secretStore.value!).token as string;
    expect(token).toMatch(/^JWT /);
    const jwt = token.slice(4);
    expect(JSON.stringify(ports.events)).not.toContain(jwt);
    expect(JSON.stringify(await call(core, 'session.get', null))).not.toContain(jwt);
    expect(JSON.stringify(inbox)).not.toContain(jwt);
  });

  it('tells a wrong password apart and stays signed out', async () => {
    const { core, ports } = await newCore();
    const error = await callError(core, 'session.signIn', { serverUrl: local.url, email: DEMO.agent, password: 'wrong-password' });
    expect(error.code).toBe('invalid_credentials');
    expect((await call(core, 'session.get', null)).status).toBe('signedOut');
    expect(ports.secretStore.value).toBeNull();
  });

  it('says when the URL is not a Tiledesk server (HTML page, or JSON API without /auth/signin)', async () => {
    const html = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>My blog</title>');
    });
    const otherApi = await listen((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"no such route"}');
    });
    try {
      const { core } = await newCore();
      expect((await callError(core, 'session.signIn', { serverUrl: html.url, email: DEMO.agent, password: 'x' })).code).toBe('not_tiledesk');
      expect((await callError(core, 'session.signIn', { serverUrl: otherApi.url, email: DEMO.agent, password: 'x' })).code).toBe('not_tiledesk');
    } finally {
      html.server.close();
      otherApi.server.close();
    }
  });

  it('says when the server cannot be reached', async () => {
    const closed = await listen(() => undefined);
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const { core } = await newCore();
    const error = await callError(core, 'session.signIn', { serverUrl: url, email: DEMO.agent, password: DEMO_PASSWORD });
    expect(error.code).toBe('network');
    expect(error.message).toContain('127.0.0.1');
  });
});

describe('projects', () => {
  it('lists several projects, switches between them without mixing conversations, and restores the last one at start', async () => {
    const owner = await restAgent(() => local.url, DEMO.agent);
    const created = (await owner.call('POST', '/projects', { name: 'Second Desk' })) as { _id: string };
    const ports = createTestPorts();
    const { core } = await newCore(ports);

    const state = await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.agent, password: DEMO_PASSWORD });
    if (state.status !== 'signedIn') throw new Error('not signed in');
    expect(state.projects.map((p) => p.name).sort()).toEqual(['Demo Support', 'Second Desk']);
    expect(state.project).toBeNull();

    const demo = await call(core, 'session.selectProject', { projectId: local.projectId });
    expect(demo.status === 'signedIn' && demo.project?.name).toBe('Demo Support');
    await eventually(async () => (await call(core, 'inbox.snapshot', null)).conversations.length > 0);

    const second = await call(core, 'session.selectProject', { projectId: created._id });
    expect(second.status === 'signedIn' && second.project?.role).toBe('owner');
    await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && c.lastSyncAt !== null, { includePast: false });
    expect((await call(core, 'inbox.snapshot', null)).conversations).toEqual([]);
    expect((await callError(core, 'session.selectProject', { projectId: '000000000000000000000000' })).code).toBe('not_found');

    await core.dispose();
    cores.splice(cores.indexOf(core), 1);
    const restarted = await newCore(createTestPorts({ dataDir: ports.dataDir, secretStore: ports.secretStore }));
    const restored = await call(restarted.core, 'session.get', null);
    expect(restored.status === 'signedIn' && restored.project?.id).toBe(created._id);
  });

  it('toggles availability and hears the change back on the project-user topic', async () => {
    const { core, ports } = await newCore();
    await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.agent2, password: DEMO_PASSWORD });
    await ports.waitForEvent('connection.changed', (c) => c.status === 'online', { includePast: true });
    const away = await call(core, 'session.setAvailability', { available: false, profileStatus: 'lunch' });
    expect(away).toMatchObject({ available: false, profileStatus: 'lunch' });
    const session = await call(core, 'session.get', null);
    expect(session.status === 'signedIn' && session.availability?.available).toBe(false);
    await ports.waitForEvent('sync.batch', (b) => b.availability?.available === false, { includePast: true });
    await call(core, 'session.setAvailability', { available: true });
    await ports.waitForEvent('sync.batch', (b) => b.availability?.available === true);
  });
});

describe('sign-out', () => {
  it('forgets the token, keeps the e-mail hint, and wipes the account cache on request', async () => {
    const { core, ports } = await newCore();
    await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.owner, password: DEMO_PASSWORD });
    await ports.waitForEvent('connection.changed', (c) => c.lastSyncAt !== null, { includePast: true });
    const accounts = join(ports.dataDir, 'accounts');
    expect(readdirSync(accounts)).toHaveLength(1);

    const kept = await call(core, 'session.signOut', { wipeCache: false });
    expect(kept).toEqual({ status: 'signedOut', lastServerUrl: local.url, lastEmail: DEMO.owner });
    expect(ports.secretStore.value).toBeNull();
    expect(readdirSync(accounts)).toHaveLength(1);
    expect((await call(core, 'inbox.snapshot', null)).conversations).toEqual([]);
    expect((await callError(core, 'conversation.open', { conversationId: 'anything' })).code).toBe('not_signed_in');

    await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.owner, password: DEMO_PASSWORD });
    await call(core, 'session.signOut', { wipeCache: true });
    expect(existsSync(accounts) ? readdirSync(accounts) : []).toHaveLength(0);
  });
});
