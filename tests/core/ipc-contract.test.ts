/**
 * The IPC boundary as the renderer meets it: every channel of the contract is answered, and a call with a
 * wrong argument is rejected with a clear error before anything happens (no request, no state change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentCore, type AgentCore } from '../../src/main/core/agent-core.ts';
import { invokeChannels } from '../../src/shared/ipc/contract.ts';
import { call, callError } from '../helpers/core-client.ts';
import { FAKE, startFakeTiledesk, wireRequest, type FakeTiledesk } from '../helpers/fake-tiledesk.ts';
import { createTestPorts, type TestPorts } from '../helpers/test-ports.ts';

let fake: FakeTiledesk;
let ports: TestPorts;
let core: AgentCore;

beforeAll(async () => {
  fake = await startFakeTiledesk();
  fake.requests.set('r1', wireRequest({ request_id: 'r1' }));
  ports = createTestPorts();
  core = await createAgentCore(ports, { batchFlushMs: 20 });
  await call(core, 'session.signIn', { serverUrl: fake.url, email: FAKE.email, password: FAKE.password });
  await ports.waitForEvent('connection.changed', (c) => c.lastSyncAt !== null, { includePast: true });
});

afterAll(async () => {
  await core.dispose();
  await fake.close();
  ports.cleanup();
});

describe('the IPC router', () => {
  it('answers every channel of the contract (none is unknown to the core)', async () => {
    for (const channel of invokeChannels) {
      const response = await core.dispatch(channel, { definitely: 'wrong', retentionDays: 'wrong' });
      expect(response.ok === false && response.error.code, channel).toBe('invalid_argument');
    }
  });

  it('rejects an unknown channel by name', async () => {
    const response = await core.dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(response).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'Unknown IPC channel: fs.readFile' } });
  });

  it('rejects a wrong argument with a message naming the field, and changes nothing', async () => {
    const sentBefore = fake.httpLog.length;
    const outboxBefore = ports.eventsOf('outbox.changed').length;

    const empty = await callError(core, 'message.send', { conversationId: 'r1', text: '   ' });
    expect(empty.code).toBe('invalid_argument');
    expect(empty.message).toContain('empty message');
    const huge = await callError(core, 'message.send', { conversationId: 'r1', text: 'x'.repeat(100_001) });
    expect(huge.code).toBe('invalid_argument');
    expect(huge.message).toContain('text');
    const bigFile = await callError(core, 'message.send', {
      conversationId: 'r1',
      text: 'see attached',
      attachment: { fileName: 'big.bin', mimeType: 'application/octet-stream', data: new Uint8Array(1_024_001) },
    });
    expect(bigFile.message).toContain('larger than 1 MB');
    const wrongType = await core.dispatch('conversation.open', { conversationId: 42 });
    expect(wrongType.ok === false && wrongType.error.message).toContain('conversationId');

    expect(fake.httpLog.length).toBe(sentBefore);
    expect(ports.eventsOf('outbox.changed').length).toBe(outboxBefore);
    const page = await call(core, 'conversation.open', { conversationId: 'r1' });
    expect(page.messages).toEqual([]);
  });

  it('refuses a sign-in to a non-http URL or with credentials in it, without leaving the current session', async () => {
    for (const serverUrl of ['file:///etc/passwd', 'javascript:alert(1)', 'http://user:pass@example.com']) {
      expect((await callError(core, 'session.signIn', { serverUrl, email: FAKE.email, password: 'x' })).code).toBe('invalid_argument');
    }
    expect((await call(core, 'session.get', null)).status).toBe('signedIn');
  });

  it('keeps settings unchanged when an update is invalid, and applies a valid one through the host', async () => {
    const before = await call(core, 'settings.get', null);
    expect((await callError(core, 'settings.update', { retentionDays: 0 })).code).toBe('invalid_argument');
    expect((await callError(core, 'settings.update', { locale: 'klingon' } as never)).code).toBe('invalid_argument');
    expect(await call(core, 'settings.get', null)).toEqual(before);
    expect(ports.savedSettings).toHaveLength(0);

    const updated = await call(core, 'settings.update', { closeToTray: !before.closeToTray, alerts: { ...before.alerts, doNotDisturb: true } });
    expect(updated.alerts.doNotDisturb).toBe(true);
    expect(ports.appliedSettings.at(-1)).toEqual(updated);
    expect(ports.savedSettings.at(-1)).toEqual(updated);
  });

  it('opens only http(s) and mailto links, through the host', async () => {
    expect(await call(core, 'app.openExternal', { url: 'https://tiledesk.com/docs' })).toBe(true);
    expect(await call(core, 'app.openExternal', { url: 'mailto:help@example.com' })).toBe(true);
    expect(await call(core, 'app.openExternal', { url: 'file:///etc/passwd' })).toBe(false);
    expect(await call(core, 'app.openExternal', { url: 'javascript:alert(1)' })).toBe(false);
    expect(await call(core, 'app.openExternal', { url: 'not a url' })).toBe(false);
    expect(ports.opened).toEqual(['https://tiledesk.com/docs', 'mailto:help@example.com']);
  });

  it('tells the renderer which host it runs in', async () => {
    expect(await call(core, 'app.info', null)).toEqual({ host: 'browser', version: '0.0.0-test', platform: process.platform, localServerUrl: null });
  });

  it('passes on the local demo server its host knows of, for the sign-in to offer', async () => {
    const demoPorts = { ...createTestPorts(), localServerUrl: 'http://127.0.0.1:41234' };
    const demoCore = await createAgentCore(demoPorts);
    try {
      expect((await call(demoCore, 'app.info', null)).localServerUrl).toBe('http://127.0.0.1:41234');
    } finally {
      await demoCore.dispose();
      demoPorts.cleanup();
    }
  });
});
