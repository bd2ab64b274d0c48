// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { RequestStatus } from '../../src/shared/domain.ts';
import App from '../../src/renderer/src/App.vue';
import { useAppStatusStore } from '../../src/renderer/src/stores/app-status.ts';
import { useConnectionStore } from '../../src/renderer/src/stores/connection.ts';
import { useInboxStore } from '../../src/renderer/src/stores/inbox.ts';
import { useSessionStore } from '../../src/renderer/src/stores/session.ts';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace.ts';
import { makeConversation } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, setUp, settle, signedIn } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);
afterEach(() => vi.useRealTimers());

function workspaceBridge() {
  return fakeBridge({
    'conversation.open': ({ conversationId }) => ({ conversation: useInboxStore().get(conversationId) ?? null, messages: [], hasOlder: false }),
    'conversation.setViewed': () => null,
    'conversation.join': ({ conversationId }) => makeConversation({ id: conversationId, participants: ['me'] }),
    'session.setAvailability': ({ available }) => ({ available, profileStatus: '', isBusy: false, assignedCount: 0 }),
    'team.list': () => [],
  });
}

function mountApp(session = signedIn()) {
  const bridge = workspaceBridge();
  const context = setUp(bridge, { session });
  useAppStatusStore().phase = 'ready';
  useInboxStore().applySnapshot({
    conversations: [
      makeConversation({ id: 'queued', status: RequestStatus.unassigned, participants: [], visitor: { id: 'v1', name: 'Waiting Walter', email: null, attributes: {} } }),
      makeConversation({ id: 'mine', participants: ['me'], unreadCount: 3 }),
    ],
    connection: { status: 'online', retryAt: null, lastSyncAt: null, lastError: null },
    outboxPending: 0,
    badge: { unread: 3, queue: 1, attention: false },
  });
  return { bridge, wrapper: mountIn(App, context) };
}

describe('workspace', () => {
  it('shows tab counts and marks the tabs with unread conversations', async () => {
    const { wrapper } = mountApp();
    await settle();
    expect(wrapper.get('[data-testid="tab-queue-count"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="tab-mine-count"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="tab-all-count"]').text()).toBe('2');
    expect(wrapper.get('[data-testid="tab-mine"]').classes()).toContain('unread');
    expect(wrapper.get('[data-testid="tab-queue"]').classes()).not.toContain('unread');
  });

  it('joins a queued conversation from its header, the one Join button on screen', async () => {
    const { bridge, wrapper } = mountApp();
    useWorkspaceStore().open('queued');
    await settle();
    expect(wrapper.findAll('button').filter((button) => button.text() === 'Join')).toHaveLength(1);
    await wrapper.get('[data-testid="action-join"]').trigger('click');
    await settle();
    expect(bridge.callsTo('conversation.join')).toEqual([{ conversationId: 'queued' }]);
    expect(wrapper.find('[data-testid="action-join"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="action-leave"]').exists()).toBe(true);
  });

  it('shows an offline banner with cached data, and a reconnect countdown', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-01-10T10:00:00.000Z'));
    const { wrapper } = mountApp();
    const connection = useConnectionStore();
    connection.apply({ status: 'reconnecting', retryAt: Date.now() + 5000, lastSyncAt: null, lastError: 'socket closed' });
    await settle();
    expect(wrapper.get('[data-testid="connection-status"]').text()).toBe('Reconnecting in 5 s');
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toContain('Reconnecting in 5 s');
    vi.advanceTimersByTime(2000);
    await settle();
    expect(wrapper.get('[data-testid="connection-status"]').text()).toBe('Reconnecting in 3 s');
    connection.apply({ status: 'offline', retryAt: null, lastSyncAt: null, lastError: null });
    await settle();
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toContain('showing cached conversations');
    expect(wrapper.get('[data-testid="tab-all-count"]').text()).toBe('2');
    connection.apply({ status: 'online', retryAt: null, lastSyncAt: null, lastError: null });
    await settle();
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false);
  });

  it('keeps cached conversations readable after the session expired, and offers to sign in again', async () => {
    const { wrapper } = mountApp();
    const state = signedIn();
    useSessionStore().apply({ status: 'expired', serverUrl: state.serverUrl, user: state.user, project: state.project });
    useWorkspaceStore().open('mine');
    await settle();
    expect(wrapper.get('[data-testid="expired-banner"]').text()).toContain('Your session expired');
    expect(wrapper.get('[data-testid="composer-blocked"]').text()).toContain('Sign in again to reply.');
    await wrapper.get('[data-testid="expired-sign-in"]').trigger('click');
    await settle();
    expect((wrapper.get('[data-testid="sign-in-email"]').element as HTMLInputElement).value).toBe('me@demo.test');
  });

  it('disables what needs the server while offline, saying why, and keeps the reply box usable', async () => {
    const { bridge, wrapper } = mountApp();
    useWorkspaceStore().open('mine');
    await settle();
    const connection = useConnectionStore();
    const serverActions = ['action-leave', 'action-close', 'action-reassign', 'tag-input', 'note-input', 'availability-toggle'];
    for (const status of ['offline', 'reconnecting'] as const) {
      connection.apply({ status, retryAt: null, lastSyncAt: null, lastError: null });
      await settle();
      for (const id of serverActions) {
        expect(wrapper.get(`[data-testid="${id}"]`).attributes('disabled'), `${id} while ${status}`).toBeDefined();
        expect(wrapper.get(`[data-testid="${id}"]`).attributes('title'), `${id} while ${status}`).toBe('Not available offline');
      }
      expect(wrapper.get('[data-testid="composer-input"]').attributes('disabled')).toBeUndefined();
    }
    await wrapper.get('[data-testid="availability-toggle"]').trigger('click');
    await settle();
    expect(bridge.callsTo('session.setAvailability')).toEqual([]);

    connection.apply({ status: 'online', retryAt: null, lastSyncAt: null, lastError: null });
    await settle();
    for (const id of serverActions) {
      expect(wrapper.get(`[data-testid="${id}"]`).attributes('disabled'), id).toBeUndefined();
      expect(wrapper.get(`[data-testid="${id}"]`).attributes('title'), id).toBeUndefined();
    }
  });

  it('says the agent must sign in again on what an expired session cannot do', async () => {
    const { wrapper } = mountApp();
    const state = signedIn();
    useSessionStore().apply({ status: 'expired', serverUrl: state.serverUrl, user: state.user, project: state.project });
    useWorkspaceStore().open('mine');
    await settle();
    expect(wrapper.get('[data-testid="action-close"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="action-close"]').attributes('title')).toBe('Sign in again to do this');
  });

  it('has a labelled Shortcuts button in the status bar that opens the shortcut sheet', async () => {
    const { wrapper } = mountApp();
    const button = wrapper.get('[data-testid="open-shortcuts"]');
    expect(button.text()).toBe('Shortcuts');
    await button.trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="shortcut-sheet"]').exists()).toBe(true);
  });

  it('toggles my availability from the status bar', async () => {
    const { bridge, wrapper } = mountApp();
    await wrapper.get('[data-testid="availability-toggle"]').trigger('click');
    await settle();
    expect(bridge.callsTo('session.setAvailability')).toEqual([{ available: false }]);
    expect(wrapper.get('[data-testid="availability-toggle"]').attributes('aria-checked')).toBe('false');
  });
});
