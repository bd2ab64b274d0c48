/**
 * Wire → domain for the payload variants the server really sends (protocol doc §6.5, captured shapes),
 * the realtime URL rule, the export format and stored-settings tolerance.
 */
import { describe, expect, it } from 'vitest';
import { mergeConversation, normalizeMessage, normalizeProjectUser, normalizeRequest } from '../../src/main/core/api/normalize.ts';
import { normalizeServerUrl, realtimeUrl, uploadedFileUrl } from '../../src/main/core/api/server-url.ts';
import { createSettingsService, DEFAULT_SETTINGS } from '../../src/main/core/settings/settings-service.ts';
import { exportConversation, transcriptTimestamp } from '../../src/main/core/transcript/transcript.ts';
import { createTestPorts } from '../helpers/test-ports.ts';

const me = '6b0248306e6f9d3707cea48f';
const visitorId = '79fb0f90-1869-466e-833b-9e34c4a28e96';
const base = {
  _id: '6b0248346e6f9d3707cea4ed',
  request_id: 'support-group-1',
  status: 200,
  participants: [me],
  first_text: 'hello, I need help',
  channel: { name: 'chat21' },
  tags: [],
  notes: [],
  createdAt: '2026-11-22T01:41:08.582Z',
};
/** Variant 1: item of the `/requests` WS snapshot (lean: ids, plus snapshot copies). */
const leanSnapshot = {
  ...base,
  updatedAt: '2026-11-22T01:41:09.000Z',
  lead: '6b0248346e6f9d3707cea4e3',
  requester: '6b0248336e6f9d3707cea4a3',
  department: 'dep-1',
  snapshot: {
    department: { _id: 'dep-1', name: 'Default Department' },
    lead: { _id: '6b0248346e6f9d3707cea4e3', lead_id: visitorId, fullname: 'John ', email: 'john@example.com' },
    requester: { uuid_user: visitorId },
    agents: [{ id_user: me }, { id_user: 'someone-else' }],
  },
};
/** Variant 3: live UPDATE (populated, snapshot reduced to agents). */
const liveUpdate = {
  ...base,
  status: 100,
  participants: [],
  updatedAt: '2026-11-22T01:41:17.052Z',
  lead: { _id: '6b0248346e6f9d3707cea4e3', lead_id: visitorId, fullname: 'John ', attributes: { client: 'test' } },
  department: { _id: 'dep-1', name: 'Default Department' },
  attributes: { last_message: { _id: 'm9', text: 'thanks!', sender: visitorId, senderFullname: 'John ', createdAt: '2026-11-22T01:41:11.946Z' } },
  snapshot: { agents: [{ id_user: me }] },
};

describe('request payload variants', () => {
  it('reads the lean snapshot form through its snapshot copies', () => {
    const conversation = mergeConversation(null, normalizeRequest(leanSnapshot)!);
    expect(conversation).toMatchObject({
      id: 'support-group-1',
      dbId: base._id,
      visitor: { id: visitorId, name: 'John', email: 'john@example.com' },
      departmentId: 'dep-1',
      departmentName: 'Default Department',
      eligibleAgents: [me, 'someone-else'],
      channel: 'chat21',
      unreadCount: 0,
    });
  });

  it('merges a live UPDATE without losing what only the snapshot carried (e-mail), and takes its new facts', () => {
    const first = mergeConversation(null, normalizeRequest(leanSnapshot)!);
    const merged = mergeConversation({ ...first, unreadCount: 3 }, normalizeRequest(liveUpdate)!);
    expect(merged.visitor).toEqual({ id: visitorId, name: 'John', email: 'john@example.com', attributes: { client: 'test' } });
    expect(merged.status).toBe(100);
    expect(merged.participants).toEqual([]);
    expect(merged.eligibleAgents).toEqual([me]);
    expect(merged.lastMessage?.text).toBe('thanks!');
    expect(merged.unreadCount).toBe(3);
  });

  it('refuses payloads that are not requests', () => {
    expect(normalizeRequest(null)).toBeNull();
    expect(normalizeRequest([base])).toBeNull();
    expect(normalizeRequest({ ...base, request_id: undefined })).toBeNull();
    expect(normalizeRequest({ ...base, status: 'open' })).toBeNull();
  });
});

describe('messages', () => {
  const context = { myUserId: me, visitorId };
  it('classifies authors and keys the order on clienttimestamp', () => {
    const mine = normalizeMessage({ _id: 'a', recipient: 'r', sender: me, text: 'hi', attributes: { clienttimestamp: 5, clientMessageId: 'c-1' }, createdAt: '2026-01-01T00:00:00Z' }, context)!;
    expect(mine).toMatchObject({ author: 'me', clientId: 'c-1', sortKey: 5, delivery: 'sent' });
    expect(normalizeMessage({ _id: 'b', recipient: 'r', sender: visitorId, text: 'x' }, context)!.author).toBe('visitor');
    expect(normalizeMessage({ _id: 'c', recipient: 'r', sender: '6b0248306e6f9d3707cea43a', text: 'x' }, context)!.author).toBe('agent');
    expect(normalizeMessage({ _id: 'd', recipient: 'r', sender: 'system', text: 'Chat closed', metadata: 'en' }, context)).toMatchObject({ author: 'system', metadata: null });
    expect(normalizeMessage({ _id: 'e', recipient: 'r', sender: 'bot_123', text: 'x' }, context)!.author).toBe('bot');
    const dated = normalizeMessage({ _id: 'f', recipient: 'r', sender: visitorId, createdAt: '2026-01-01T00:00:01.000Z' }, context)!;
    expect(dated.sortKey).toBe(Date.parse('2026-01-01T00:00:01.000Z'));
  });

  it('keeps hostile text as plain data and only known metadata fields', () => {
    const message = normalizeMessage(
      { _id: 'x', recipient: 'r', sender: visitorId, text: '<img src=x onerror=alert(1)>', metadata: { src: 'https://a/b.png', width: '200', evil: '<script>' } },
      context,
    )!;
    expect(message.text).toBe('<img src=x onerror=alert(1)>');
    expect(message.metadata).toEqual({ src: 'https://a/b.png', width: 200 });
  });

  it('reads project users whether id_user is an id (snapshot) or populated (UPDATE)', () => {
    const snapshot = normalizeProjectUser({ _id: 'pu', id_user: me, role: 'agent', user_available: false, profileStatus: 'lunch', number_assigned_requests: 2, isBusy: true });
    expect(snapshot).toMatchObject({ userId: me, availability: { available: false, profileStatus: 'lunch', isBusy: true, assignedCount: 2 } });
    const update = normalizeProjectUser({ _id: 'pu', id_user: { _id: me, firstname: 'Agent', lastname: 'One' }, role: 'agent', user_available: true });
    expect(update?.member?.name).toBe('Agent One');
  });
});

describe('server URLs', () => {
  it('derives the realtime URL from the server URL: same host and path root, ws scheme', () => {
    expect(normalizeServerUrl(' http://localhost:3000/ ')).toBe('http://localhost:3000');
    expect(realtimeUrl('http://localhost:3000', 'JWT abc')).toBe('ws://localhost:3000/?token=JWT%20abc');
    expect(realtimeUrl('https://desk.example.com/api', 'JWT abc')).toBe('wss://desk.example.com/api/?token=JWT%20abc');
    expect(realtimeUrl(normalizeServerUrl('https://api.tiledesk.com/v3/'), 'JWT abc')).toBe('wss://eu.rtm.tiledesk.com/v2/ws/?token=JWT%20abc');
    expect(uploadedFileUrl('http://localhost:3000', 'uploads/users/u/files/x/a b.png')).toBe('http://localhost:3000/files?path=uploads%2Fusers%2Fu%2Ffiles%2Fx%2Fa%20b.png');
  });
});

describe('export', () => {
  it('writes the server transcript format, in message order', () => {
    const conversation = mergeConversation(null, normalizeRequest({ ...liveUpdate, ticket_id: 7 })!);
    const at = (iso: string) => Date.parse(iso);
    const messages = [
      normalizeMessage({ _id: '2', recipient: 'r', sender: me, senderFullname: 'Agent One', text: 'Hi John', attributes: { clienttimestamp: at('2026-03-05T10:00:05') } }, { myUserId: me, visitorId })!,
      normalizeMessage({ _id: '1', recipient: 'r', sender: visitorId, senderFullname: 'John ', text: 'hello', attributes: { clienttimestamp: at('2026-03-05T10:00:00') } }, { myUserId: me, visitorId })!,
    ];
    const { fileName, content } = exportConversation(conversation, messages, 'text');
    expect(fileName).toBe('conversation-7.txt');
    expect(content).toBe('05/03/2026, 10:00:00 John: hello\r\n05/03/2026, 10:00:05 Agent One: Hi John\r\n');
    expect(transcriptTimestamp(at('2026-12-31T23:59:59'))).toBe('31/12/2026, 23:59:59');
    const json = JSON.parse(exportConversation(conversation, messages, 'json').content) as { messages: { id: string }[] };
    expect(json.messages.map((m) => m.id)).toEqual(['1', '2']);
  });
});

describe('settings', () => {
  it('keeps every valid stored field, drops invalid ones, and falls back to defaults', () => {
    const ports = createTestPorts({ settings: { retentionDays: 30, locale: 'xx' as never, alerts: { doNotDisturb: true } as never, closeToTray: 'yes' as never } });
    const settings = createSettingsService(ports.settingsStore, ports.logger).get();
    expect(settings.retentionDays).toBe(30);
    expect(settings.locale).toBe(DEFAULT_SETTINGS.locale);
    expect(settings.closeToTray).toBe(DEFAULT_SETTINGS.closeToTray);
    expect(settings.alerts).toEqual({ ...DEFAULT_SETTINGS.alerts, doNotDisturb: true });
    ports.cleanup();
  });
});
