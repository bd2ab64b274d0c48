// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestStatus } from '../../src/shared/domain.ts';
import type { InboxSnapshot } from '../../src/shared/ipc/contract.ts';
import { startLifecycle } from '../../src/renderer/src/app/lifecycle.ts';
import { useAppStatusStore } from '../../src/renderer/src/stores/app-status.ts';
import { useConnectionStore } from '../../src/renderer/src/stores/connection.ts';
import { useInboxStore } from '../../src/renderer/src/stores/inbox.ts';
import { useOutboxStore } from '../../src/renderer/src/stores/outbox.ts';
import { useSessionStore } from '../../src/renderer/src/stores/session.ts';
import { useToastStore } from '../../src/renderer/src/stores/toasts.ts';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace.ts';
import { makeConversation } from '../helpers/domain-fixtures.ts';
import { fakeBridge, setUp, settle, signedIn } from './support/fake-bridge.ts';

const snapshot: InboxSnapshot = {
  conversations: [makeConversation({ id: 'q1', status: RequestStatus.unassigned, participants: [] })],
  connection: { status: 'online', retryAt: null, lastSyncAt: 1, lastError: null },
  outboxPending: 2,
  badge: { unread: 0, queue: 1, attention: false },
};

function coreBridge() {
  return fakeBridge({
    'session.get': () => signedIn(),
    'settings.get': () => ({
      alerts: { queueAlerts: true, messageAlerts: true, queueSound: true, messageSound: true, onlyWhenHidden: false, doNotDisturb: false },
      closeToTray: true,
      launchAtLogin: false,
      launchHidden: false,
      retentionDays: 30,
      retentionMaxMessages: 100_000,
      locale: 'system',
    }),
    'inbox.snapshot': () => snapshot,
    'team.list': () => [],
    'conversation.setViewed': () => null,
    'conversation.open': ({ conversationId }) => ({ conversation: makeConversation({ id: conversationId }), messages: [], hasOlder: false }),
  });
}

const running: Array<() => void> = [];
afterEach(() => {
  while (running.length) running.pop()?.();
});

function start(bridge = coreBridge(), focused = true) {
  setUp(bridge, { session: null });
  let reconnect: () => void = () => undefined;
  const playSound = vi.fn();
  const focus = { value: focused };
  const lifecycle = startLifecycle({
    playSound,
    onBridgeReconnect: (listener) => {
      reconnect = listener;
      return () => undefined;
    },
    windowFocused: () => focus.value,
  });
  running.push(lifecycle.stop);
  return { bridge, lifecycle, playSound, reconnect: () => reconnect(), focus };
}

describe('start-up and events', () => {
  it('starts with session.get, then inbox.snapshot, and shows the snapshot', async () => {
    const { bridge, lifecycle } = start();
    await lifecycle.boot();
    await settle();
    const order = bridge.calls.map((entry) => entry.channel).filter((channel) => channel === 'session.get' || channel === 'inbox.snapshot');
    expect(order).toEqual(['session.get', 'inbox.snapshot']);
    expect(useInboxStore().counts.queue.total).toBe(1);
    expect(useOutboxStore().pending).toBe(2);
    expect(useConnectionStore().state.status).toBe('online');
    expect(useAppStatusStore().phase).toBe('ready');
  });

  it('resyncs (session.get then inbox.snapshot) when the bridge reconnects', async () => {
    const { bridge, lifecycle, reconnect } = start();
    await lifecycle.boot();
    await settle();
    bridge.calls.length = 0;
    reconnect();
    await settle();
    expect(bridge.calls.map((entry) => entry.channel).filter((channel) => channel === 'session.get' || channel === 'inbox.snapshot')).toEqual([
      'session.get',
      'inbox.snapshot',
    ]);
  });

  it('says so when the core cannot be reached at start-up', async () => {
    const bridge = fakeBridge({});
    bridge.invoke = async () => ({ ok: false, error: { code: 'internal', message: 'The local app host is not reachable.' } });
    const { lifecycle } = start(bridge);
    await lifecycle.boot();
    expect(useAppStatusStore().phase).toBe('hostUnreachable');
    expect(useAppStatusStore().hostError?.message).toBe('The local app host is not reachable.');
  });

  it('applies sync.batch: new conversations, removals and team changes', async () => {
    const { bridge, lifecycle } = start();
    await lifecycle.boot();
    await settle();
    bridge.emit('sync.batch', {
      conversations: [makeConversation({ id: 'new-one', participants: ['me'] })],
      removedConversationIds: ['q1'],
      messages: [],
      replacedMessageIds: [],
      team: null,
      availability: { available: false, profileStatus: '', isBusy: false, assignedCount: 1 },
    });
    const inbox = useInboxStore();
    expect(inbox.counts.queue.total).toBe(0);
    expect(inbox.buckets.mine.map((c) => c.id)).toEqual(['new-one']);
    expect(useSessionStore().availability?.available).toBe(false);
  });

  it('plays the alert tone the core asks for, opens conversations from notifications, and toasts core errors', async () => {
    const { bridge, lifecycle, playSound } = start();
    await lifecycle.boot();
    await settle();
    bridge.emit('alert.sound', { kind: 'queue' });
    bridge.emit('alert.sound', { kind: 'message' });
    expect(playSound.mock.calls).toEqual([['queue'], ['message']]);
    bridge.emit('navigate.conversation', { conversationId: 'q1' });
    expect(useWorkspaceStore().selectedId).toBe('q1');
    bridge.emit('app.error', { code: 'network', message: 'sync failed' });
    expect(useToastStore().toasts.map((toast) => toast.error)).toEqual([{ code: 'network', message: 'sync failed' }]);
  });

  it('opens a conversation a notification asks for in the inbox tab that holds it, clearing a filter that hides it', async () => {
    const { bridge, lifecycle } = start();
    await lifecycle.boot();
    await settle();
    const inbox = useInboxStore();
    inbox.upsert([makeConversation({ id: 'm1', participants: ['me'], visitor: { id: 'v', name: 'Marta Bianchi', email: null, attributes: {} } })]);
    inbox.setTab('queue');
    inbox.filter = 'walter';
    bridge.emit('navigate.conversation', { conversationId: 'm1' });
    await settle();
    expect(useWorkspaceStore().selectedId).toBe('m1');
    expect(inbox.tab).toBe('mine');
    expect(inbox.filter).toBe('');
    expect(inbox.visible.map((c) => c.id)).toContain('m1');
  });

  it('tells the core which conversation is on screen and whether the window has focus', async () => {
    const { bridge, lifecycle, focus } = start();
    await lifecycle.boot();
    await settle();
    useWorkspaceStore().open('q1');
    await settle();
    focus.value = false;
    window.dispatchEvent(new Event('blur'));
    await settle();
    useWorkspaceStore().close();
    await settle();
    expect(bridge.callsTo('conversation.setViewed').slice(-3)).toEqual([
      { conversationId: 'q1', windowFocused: true },
      { conversationId: 'q1', windowFocused: false },
      { conversationId: null, windowFocused: false },
    ]);
  });

  it('clears the workspace and loads the new project after a project switch', async () => {
    const { bridge, lifecycle } = start();
    await lifecycle.boot();
    await settle();
    useWorkspaceStore().open('q1');
    const other = signedIn();
    bridge.handlers['inbox.snapshot'] = () => ({ ...snapshot, conversations: [makeConversation({ id: 'p2-conv' })] });
    bridge.emit('session.changed', { ...other, project: { id: 'project-2', name: 'Other', role: 'agent', projectUserId: 'pu' } });
    await settle();
    expect(useWorkspaceStore().selectedId).toBeNull();
    expect(useInboxStore().buckets.all.map((c) => c.id)).toEqual(['p2-conv']);
  });

  it('refreshes the inbox after signing in again from an expired session, keeping the open conversation', async () => {
    const { bridge, lifecycle } = start();
    await lifecycle.boot();
    await settle();
    useWorkspaceStore().open('q1');
    const state = signedIn();
    bridge.emit('session.changed', { status: 'expired', serverUrl: state.serverUrl, user: state.user, project: state.project });
    await settle();
    const snapshotsBefore = bridge.callsTo('inbox.snapshot').length;
    bridge.emit('session.changed', state);
    await settle();
    expect(bridge.callsTo('inbox.snapshot').length).toBe(snapshotsBefore + 1);
    expect(useWorkspaceStore().selectedId).toBe('q1');
  });
});
