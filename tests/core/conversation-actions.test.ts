/**
 * What an agent does to a conversation (join, leave, tag, note, close, reopen), closed history, retention,
 * and the alerts a live conversation raises — against the local server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import { RequestStatus } from '../../src/shared/domain.ts';
import { call, eventually } from '../helpers/core-client.ts';
import { DEMO, DEMO_PASSWORD, startLocalServer, visitor, type LocalServer } from '../helpers/local-server.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

let local: LocalServer;
let ports: TestPorts;
let core: AgentCore;
let myId: string;

beforeAll(async () => {
  local = await startLocalServer({ heartbeatMs: 1000 });
  ports = createTestPorts();
  core = await createAgentCore(ports, { batchFlushMs: 20, realtime: { heartbeatMs: 200, deadLinkMs: 3000, backoff: { initialMs: 100, maxMs: 500 } } });
  const state = await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.owner, password: DEMO_PASSWORD });
  myId = state.status === 'signedIn' ? state.user.id : '';
  await ports.waitForEvent('connection.changed', (c) => c.status === 'online' && c.lastSyncAt !== null, { includePast: true });
});

afterAll(async () => {
  await core.dispose();
  await local.destroy();
  ports.cleanup();
});

const inboxEntry = async (id: string) => (await call(core, 'inbox.snapshot', null)).conversations.find((c) => c.id === id);

describe('conversation actions', () => {
  it('joins, tags, notes, leaves, closes and reopens, each result reflected in the inbox', async () => {
    const guest = await visitor(() => local.url, local.projectId, 'Quinn');
    await guest.say('I need an invoice');
    await eventually(() => inboxEntry(guest.requestId));

    const joined = await call(core, 'conversation.join', { conversationId: guest.requestId });
    expect(joined.participants).toContain(myId);
    expect(joined.status).toBe(RequestStatus.assigned);

    const tagged = await call(core, 'conversation.addTag', { conversationId: guest.requestId, tag: 'billing', color: '#ff0000' });
    const tag = tagged.tags.find((t) => t.tag === 'billing')!;
    expect(tag.color).toBe('#ff0000');
    const untagged = await call(core, 'conversation.removeTag', { conversationId: guest.requestId, tagId: tag.id! });
    expect(untagged.tags.some((t) => t.tag === 'billing')).toBe(false);

    const noted = await call(core, 'conversation.addNote', { conversationId: guest.requestId, text: 'VIP customer' });
    expect(noted.notes.map((n) => [n.text, n.createdBy])).toContainEqual(['VIP customer', myId]);

    const left = await call(core, 'conversation.leave', { conversationId: guest.requestId });
    expect(left.participants).not.toContain(myId);

    await call(core, 'conversation.join', { conversationId: guest.requestId });
    const closed = await call(core, 'conversation.close', { conversationId: guest.requestId });
    expect(closed.status).toBe(RequestStatus.closed);
    expect(closed.closedBy).toBe(myId);
    expect(await inboxEntry(guest.requestId)).toBeUndefined();
    const history = await call(core, 'inbox.loadClosed', { page: 0 });
    expect(history.conversations.map((c) => c.id)).toContain(guest.requestId);

    const reopened = await call(core, 'conversation.reopen', { conversationId: guest.requestId });
    expect(reopened.status).toBeLessThan(RequestStatus.closed);
    await eventually(() => inboxEntry(guest.requestId));
  });

  it('exports a conversation from the full server history', async () => {
    const guest = await visitor(() => local.url, local.projectId, 'Rita');
    await guest.say('first line');
    await guest.say('second line');
    await eventually(() => inboxEntry(guest.requestId));
    const exported = await call(core, 'conversation.export', { conversationId: guest.requestId, format: 'text' });
    const lines = exported.content.trim().split('\r\n');
    expect(lines.filter((line) => /Rita: (first|second) line$/.test(line))).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d Rita: first line$/);
  });
});

describe('retention', () => {
  it('evicts closed history older than the retention setting as soon as it changes', async () => {
    // The seeded project has conversations closed two days ago; page them into the cache.
    const closed = await call(core, 'inbox.loadClosed', { page: 0 });
    const old = closed.conversations.filter((c) => Date.now() - Date.parse(c.updatedAt) > 36 * 3600_000);
    expect(old.length).toBeGreaterThan(0);
    const word = old[0]!.firstText.split(/\s+/).find((w) => w.length > 5)!.replace(/[^\p{L}\p{N}]/gu, '');
    expect((await call(core, 'inbox.search', { query: word })).some((hit) => hit.conversationId === old[0]!.id)).toBe(true);

    await call(core, 'settings.update', { retentionDays: 1 });
    expect((await call(core, 'inbox.search', { query: word })).some((hit) => hit.conversationId === old[0]!.id)).toBe(false);
    await call(core, 'settings.update', { retentionDays: 180 });
  });
});

describe('alerts', () => {
  it('raises a toast and a sound for a live queued conversation, and nothing more when the same events are replayed', async () => {
    // A fresh app, left alone until the replay of its first sync has settled (the policy summarises it once).
    const alertPorts = createTestPorts();
    const app = await createAgentCore(alertPorts, { batchFlushMs: 20, realtime: { heartbeatMs: 200, deadLinkMs: 3000, backoff: { initialMs: 100, maxMs: 500 } } });
    try {
      alertPorts.windowState = { visible: false, focused: false };
      await call(app, 'session.signIn', { serverUrl: local.url, email: DEMO.owner, password: DEMO_PASSWORD });
      for (const email of [DEMO.agent, DEMO.agent2, DEMO.owner]) {
        const response = await fetch(`${local.url}/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
        const { token } = (await response.json()) as { token: string };
        await fetch(`${local.url}/${local.projectId}/project_users/`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ user_available: false }) });
      }
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const before = alertPorts.notifications.length;
      const soundsBefore = alertPorts.eventsOf('alert.sound').length;

      const guest = await visitor(() => local.url, local.projectId, 'Sam');
      await guest.say('Is anyone there?');
      await eventually(() => alertPorts.notifications.slice(before).some((n) => n.conversationId === guest.requestId), 5000);
      const toast = alertPorts.notifications.slice(before).find((n) => n.conversationId === guest.requestId)!;
      expect(toast.title).toContain('Sam');
      expect(alertPorts.eventsOf('alert.sound').slice(soundsBefore)).toContainEqual({ kind: 'queue' });
      const shown = alertPorts.notifications.length;

      app.catchUp('resume');
      const syncedAt = alertPorts.lastEvent('connection.changed')?.lastSyncAt ?? 0;
      await alertPorts.waitForEvent('connection.changed', (c) => (c.lastSyncAt ?? 0) > syncedAt, { includePast: true });
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(alertPorts.notifications.slice(shown)).toEqual([]);
    } finally {
      await app.dispose();
      alertPorts.cleanup();
    }
  }, 25_000);
});
