/**
 * Wires the core's events into the stores and runs the start-up sequence: `session.get`, then (signed in
 * with a project) `inbox.snapshot` and the team. The same sequence runs again whenever the bridge reconnects,
 * so the UI is never left showing what it had before a host restart.
 */
import { watch } from 'vue';
import type { SessionState } from '../../../shared/domain.ts';
import { isIpcErrorCode } from '../../../shared/constants.ts';
import { call, subscribe, toIpcError } from '../ipc/client.ts';
import { useAppStatusStore } from '../stores/app-status.ts';
import { useConnectionStore } from '../stores/connection.ts';
import { useInboxStore } from '../stores/inbox.ts';
import { useMessagesStore } from '../stores/messages.ts';
import { useOutboxStore } from '../stores/outbox.ts';
import { useSessionStore } from '../stores/session.ts';
import { useSettingsStore } from '../stores/settings.ts';
import { useTeamStore } from '../stores/team.ts';
import { useToastStore } from '../stores/toasts.ts';
import { useWorkspaceStore } from '../stores/workspace.ts';

export interface LifecycleOptions {
  playSound: (kind: 'queue' | 'message') => void;
  /** Called back when the bridge to the core comes back after a drop; returns an unsubscribe. */
  onBridgeReconnect: (listener: () => void) => () => void;
  /** Window focus as the core should know it; defaults to the document's focus and visibility. */
  windowFocused?: () => boolean;
}

/** Who is looking at what: a change of account or project starts a fresh workspace. */
function workspaceKey(state: SessionState | null): string | null {
  if (!state || state.status === 'signedOut' || !state.project) return null;
  return `${state.serverUrl}|${state.user.id}|${state.project.id}`;
}

export function startLifecycle(options: LifecycleOptions): { boot: () => Promise<void>; stop: () => void } {
  const status = useAppStatusStore();
  const session = useSessionStore();
  const settings = useSettingsStore();
  const connection = useConnectionStore();
  const outbox = useOutboxStore();
  const inbox = useInboxStore();
  const messages = useMessagesStore();
  const team = useTeamStore();
  const workspace = useWorkspaceStore();
  const toasts = useToastStore();
  const windowFocused = options.windowFocused ?? (() => document.visibilityState === 'visible' && document.hasFocus());

  async function loadWorkspace(): Promise<void> {
    if (workspaceKey(session.state) === null) return;
    try {
      const snapshot = await call('inbox.snapshot', null);
      inbox.applySnapshot(snapshot);
      connection.apply(snapshot.connection);
      connection.applyBadge(snapshot.badge);
      outbox.apply({ pending: snapshot.outboxPending });
      status.workspaceError = null;
    } catch (failure) {
      status.workspaceError = toIpcError(failure);
    }
    void team.load();
    if (workspace.selectedId) void messages.open(workspace.selectedId);
  }

  async function loadHostInfo(): Promise<void> {
    try {
      status.hostInfo = await call('app.info', null);
    } catch {
      // Only the sign-in's local-server choice depends on it; without it the form offers cloud and self-hosted.
      status.hostInfo = null;
    }
  }

  async function boot(): Promise<void> {
    void settings.load();
    const before = workspaceKey(session.state);
    const [reached] = await Promise.all([session.load(), loadHostInfo()]);
    if (!reached) {
      status.phase = 'hostUnreachable';
      status.hostError = session.error;
      return;
    }
    status.hostError = null;
    status.phase = 'ready';
    // A changed workspace was already reloaded by the watcher below; an unchanged one (a reconnect) is refreshed here.
    if (workspaceKey(session.state) === before) await loadWorkspace();
  }

  const stops: Array<() => void> = [
    subscribe('session.changed', (state) => session.apply(state)),
    subscribe('connection.changed', (state) => connection.apply(state)),
    subscribe('outbox.changed', (state) => outbox.apply(state)),
    subscribe('badge.changed', (state) => connection.applyBadge(state)),
    subscribe('sync.batch', (batch) => {
      inbox.upsert(batch.conversations);
      inbox.remove(batch.removedConversationIds);
      messages.applyBatch(batch);
      // The conversation on screen left the inbox (closed, taken away): show it as the core knows it now,
      // not as it was when it was opened.
      if (workspace.selectedId && batch.removedConversationIds.includes(workspace.selectedId)) void messages.open(workspace.selectedId);
      if (batch.team) team.apply(batch.team);
      if (batch.availability) session.applyAvailability(batch.availability);
    }),
    subscribe('navigate.conversation', ({ conversationId }) => void workspace.reveal(conversationId)),
    subscribe('alert.sound', ({ kind }) => options.playSound(kind)),
    subscribe('app.error', (error) => {
      toasts.showError({ code: isIpcErrorCode(error.code) ? error.code : 'internal', message: error.message });
    }),
    options.onBridgeReconnect(() => void boot()),
  ];

  stops.push(
    watch(
      () => workspaceKey(session.state),
      (key, previous) => {
        if (key === previous) return;
        inbox.reset();
        messages.reset();
        workspace.reset();
        if (key !== null) void loadWorkspace();
      },
      { flush: 'sync' },
    ),
  );

  // Signing in again after an expiry keeps the same workspace (no reset), but what it shows must be fetched anew.
  stops.push(
    watch(
      () => session.state?.status,
      (next, previous) => {
        if (previous === 'expired' && next === 'signedIn') void loadWorkspace();
      },
      { flush: 'sync' },
    ),
  );

  let lastViewed: string | null | undefined;
  let lastFocused: boolean | undefined;
  function reportViewed(): void {
    const conversationId = workspaceKey(session.state) === null ? null : workspace.selectedId;
    const focused = windowFocused();
    if (conversationId === lastViewed && focused === lastFocused) return;
    lastViewed = conversationId;
    lastFocused = focused;
    // Advisory only (unread counts, alert suppression): a failure here must not bother the agent.
    call('conversation.setViewed', { conversationId, windowFocused: focused }).catch(() => undefined);
  }
  stops.push(watch(() => [workspace.selectedId, workspaceKey(session.state)], reportViewed));
  if (typeof window !== 'undefined') {
    const onChange = () => reportViewed();
    window.addEventListener('focus', onChange);
    window.addEventListener('blur', onChange);
    document.addEventListener('visibilitychange', onChange);
    stops.push(() => {
      window.removeEventListener('focus', onChange);
      window.removeEventListener('blur', onChange);
      document.removeEventListener('visibilitychange', onChange);
    });
  }

  return {
    boot,
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}
