/**
 * Keeps one project's conversations in step with the server: applies WebSocket snapshots and live events,
 * catches up over REST after every (re)connect, keeps unread counts, decides which conversations get a
 * messages subscription, and feeds the alert policy. Every input is idempotent: frames can repeat, arrive
 * out of order or overlap with REST answers, and the result is the same.
 */
import { RequestStatus, type BadgeState, type Conversation, type Message, type MessagePreview, type TeamMember } from '../../../shared/domain.ts';
import type { ConversationPage } from '../../../shared/ipc/contract.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';
import type { AlertEvent, AlertPolicy } from '../alerts/alert-policy.ts';
import {
  isInfoMessage,
  mergeConversation,
  normalizeMessage,
  normalizeProjectUser,
  normalizeRequest,
  previewOfMessage,
  type ProjectUserView,
} from '../api/normalize.ts';
import type { TiledeskApi } from '../api/tiledesk-api.ts';
import { asRecord } from '../api/wire-read.ts';
import type { CacheStore } from '../cache/cache-store.ts';
import type { Logger, WindowPresence } from '../ports.ts';
import type { ChangeBatcher } from './change-batcher.ts';
import { mapLimit } from './map-limit.ts';
import { canSee, isMine, isOpenStatus, isQueued, type Viewer } from './visibility.ts';

/** Where a request payload came from: decides the visibility check and whether it may alert. */
export type RequestOrigin = 'snapshot' | 'live-create' | 'live-update' | 'rest-list' | 'rest-detail' | 'action';
type MessageOrigin = 'live' | 'snapshot' | 'rest';

export interface SyncTuning {
  /** Parallel REST calls during a catch-up. */
  catchUpConcurrency: number;
  requestsPageSize: number;
  /**
   * Safety stop for the paged requests list (pageSize × pages conversations). Paging normally ends at the
   * server's `count` or on a short page; this only guards against a server that never says so.
   */
  maxRequestPages: number;
  /** First retry of a failed catch-up; doubles up to a minute. */
  catchUpRetryMs: number;
  /** Messages returned by conversation.open. */
  openPageSize: number;
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  catchUpConcurrency: 4,
  requestsPageSize: 100,
  maxRequestPages: 1000,
  catchUpRetryMs: 5000,
  openPageSize: 50,
};

export interface OutboxLink {
  /** A server message carrying a clientMessageId: the outbox entry is done. */
  acknowledge(message: Message): void;
  placeholders(conversationId: string): Message[];
}

export interface Topics {
  subscribe(topic: string, options?: { urgent?: boolean }): void;
  unsubscribe(topic: string): void;
}

export interface SyncDeps {
  projectId: string;
  projectUserId: string;
  viewer: Viewer;
  api: TiledeskApi;
  cache: CacheStore;
  batcher: ChangeBatcher;
  alerts: AlertPolicy;
  window: WindowPresence;
  topics: Topics;
  outbox: () => OutboxLink | null;
  logger: Logger;
  onAvailability(view: ProjectUserView): void;
  /** A catch-up finished (epoch ms) or failed (error message). */
  onCatchUp(result: { syncedAt: number } | { error: string }): void;
  tuning?: Partial<SyncTuning>;
}

export function createSyncEngine(deps: SyncDeps) {
  const tuning = { ...DEFAULT_SYNC_TUNING, ...deps.tuning };
  const { projectId, viewer, api, cache, batcher, logger } = deps;
  const requestsTopic = `/${projectId}/requests`;
  const projectUserTopic = `/${projectId}/project_users/${deps.projectUserId}`;
  const messagesTopic = (conversationId: string) => `/${projectId}/requests/${conversationId}/messages`;
  const teamMemberTopicPrefix = `/${projectId}/project_users/users/`;
  const historyMarkKey = (conversationId: string) => `history:${conversationId}`;

  /** Open conversations this agent may see, by request_id. */
  const open = new Map<string, Conversation>();
  for (const conversation of cache.listOpenConversations()) open.set(conversation.id, conversation);
  /** `attributes.last_message._id` last reported per conversation: with `updatedAt` it tells whether history moved. */
  const lastMessageIds = new Map<string, string>();
  /** Conversations that appeared live: their first history fetch counts the visitor's messages as unread. */
  const fresh = new Set<string>();
  const subscribedConversations = new Set<string>();
  /**
   * Followed conversations whose complete history was fetched while their messages topic was subscribed on the
   * current connection: the live topic keeps them current, so opening one needs no background re-download.
   * Emptied when the connection drops (the reconnect's catch-up refreshes what moved meanwhile).
   */
  const currentHistory = new Set<string>();
  let socketOnline = false;
  /** Bumped on every drop: a fetch that started before one does not count as current. */
  let connectionEpoch = 0;
  /** Team members by user id; their `/project_users/users/<id>` topics keep availability live. */
  let team = new Map<string, TeamMember>(cache.loadTeam().map((member) => [member.userId, member]));
  let viewed: { id: string | null; focused: boolean } = { id: null, focused: false };
  let disposed = false;
  let catchUpRun: Promise<void> | null = null;
  let catchUpAgain = false;
  let catchUpFailures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  // ---- subscriptions -------------------------------------------------------------------------------------

  function wantsMessages(conversation: Conversation): boolean {
    return isMine(conversation, viewer.userId) || isQueued(conversation);
  }

  function refreshSubscription(conversationId: string) {
    const conversation = open.get(conversationId);
    const wanted = viewed.id === conversationId || (conversation !== undefined && wantsMessages(conversation));
    if (wanted && !subscribedConversations.has(conversationId)) {
      subscribedConversations.add(conversationId);
      deps.topics.subscribe(messagesTopic(conversationId), { urgent: viewed.id === conversationId });
    } else if (!wanted && subscribedConversations.has(conversationId)) {
      subscribedConversations.delete(conversationId);
      currentHistory.delete(conversationId);
      deps.topics.unsubscribe(messagesTopic(conversationId));
    }
  }

  function start() {
    deps.topics.subscribe(requestsTopic, { urgent: true });
    deps.topics.subscribe(projectUserTopic, { urgent: true });
    for (const userId of team.keys()) deps.topics.subscribe(teamMemberTopicPrefix + userId);
    for (const id of open.keys()) refreshSubscription(id);
  }

  // ---- requests -------------------------------------------------------------------------------------------

  function known(conversationId: string): Conversation | null {
    return open.get(conversationId) ?? cache.getConversation(conversationId);
  }

  function dropFromView(conversationId: string) {
    const wasOpen = open.delete(conversationId);
    cache.removeConversations([conversationId]);
    fresh.delete(conversationId);
    refreshSubscription(conversationId);
    if (wasOpen) batcher.removed(conversationId);
  }

  /**
   * Merges one request payload. Returns the merged conversation (also when it is closed or no longer visible,
   * so an action can report it), or null for a payload that is not a request or is older than what is known.
   */
  function applyRequest(wire: unknown, origin: RequestOrigin, alerts: AlertEvent[] = []): Conversation | null {
    const update = normalizeRequest(wire);
    if (!update) {
      logger.warn(`Ignoring a request payload without request_id/_id/status (${origin})`);
      return null;
    }
    const id = update.base.id;
    const previous = known(id);
    if (previous && Date.parse(update.base.updatedAt) < Date.parse(previous.updatedAt)) return previous;
    if (update.lastMessageId !== undefined) lastMessageIds.set(id, update.lastMessageId);
    const merged = mergeConversation(previous, update);
    // REST lists are already filtered by the server (and lack snapshot.agents on a real MongoDB): trust them.
    const visible = origin === 'rest-list' || canSee(merged, viewer);
    const wasOpen = open.get(id);

    if (!visible) {
      if (previous) dropFromView(id);
      return merged;
    }
    // Reconnects replay every open request: only what really changed is written and announced.
    const changed = !previous || JSON.stringify(previous) !== JSON.stringify(merged);
    if (changed) cache.upsertConversations([merged]);
    if (!isOpenStatus(merged.status)) {
      if (wasOpen) {
        open.delete(id);
        fresh.delete(id);
        refreshSubscription(id);
        batcher.removed(id);
      }
      return merged;
    }
    open.set(id, merged);
    if (changed || !wasOpen) batcher.conversation(merged);
    if (origin === 'live-create') fresh.add(id);
    refreshSubscription(id);
    if (isQueued(merged) && (!wasOpen || !isQueued(wasOpen))) {
      const live = origin === 'live-create' || origin === 'live-update';
      alerts.push({ kind: 'queued', conversation: merged, replay: !live });
    }
    return merged;
  }

  function applyRequests(wires: unknown[], origin: RequestOrigin): Conversation[] {
    const alerts: AlertEvent[] = [];
    const applied = wires.flatMap((wire) => applyRequest(wire, origin, alerts) ?? []);
    ingestAlerts(alerts);
    return applied;
  }

  function ingestAlerts(events: AlertEvent[]) {
    if (events.length === 0) return;
    try {
      deps.alerts.ingest(events, { myUserId: viewer.userId, viewedConversationId: viewed.id });
    } catch (error) {
      logger.error('Alert policy failed', error);
    }
  }

  // ---- messages -------------------------------------------------------------------------------------------

  function watching(conversationId: string): boolean {
    return viewed.id === conversationId && viewed.focused && deps.window.isVisible();
  }

  function countsAsUnread(message: Message): boolean {
    return (message.author === 'visitor' || message.author === 'agent' || message.author === 'bot') && !isInfoMessage(message);
  }

  /**
   * Stores messages of one conversation. New ones (never seen before, by `_id`) are announced, may count as
   * unread and go to the alert policy; repeats (snapshots, REST overlaps, echoes) change nothing.
   */
  function ingestMessages(wires: unknown[], conversationId: string | null, origin: MessageOrigin, announce = false) {
    const byConversation = new Map<string, Message[]>();
    let dropped = 0;
    for (const wire of wires) {
      const record = asRecord(wire);
      const target = conversationId ?? (typeof record?.recipient === 'string' ? record.recipient : null);
      const conversation = target ? known(target) : null;
      const message = normalizeMessage(wire, { myUserId: viewer.userId, visitorId: conversation?.visitor.id ?? null }, target ?? undefined);
      if (!message) {
        dropped++;
        continue;
      }
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(message);
      byConversation.set(message.conversationId, list);
    }
    if (dropped > 0) logger.warn(`Ignored ${dropped} message payload(s) without _id/recipient (${origin})`);

    const alerts: AlertEvent[] = [];
    for (const [id, messages] of byConversation) {
      const outbox = deps.outbox();
      for (const message of messages) if (message.clientId && message.author === 'me') outbox?.acknowledge(message);
      const highWater = cache.latestMessageSortKey(id);
      const added = cache.upsertMessages(messages).sort((a, b) => a.sortKey - b.sortKey || a.createdAt.localeCompare(b.createdAt));
      if (added.length === 0) continue;
      if (origin === 'live' || announce || viewed.id === id) for (const message of added) batcher.message(message);

      const conversation = open.get(id) ?? cache.getConversation(id);
      if (!conversation) continue;
      // A conversation that appeared live is new: its first history (snapshot or REST) is news, not a replay.
      const wasFresh = fresh.delete(id);
      const live = origin === 'live' || wasFresh;
      let unread = 0;
      for (const message of added) {
        if (!countsAsUnread(message) || watching(id) || !isOpenStatus(conversation.status)) continue;
        const recent = live || (origin === 'rest' && highWater !== null && message.sortKey > highWater);
        if (recent) unread++;
      }
      // Info lines ("assigned to you", "chat closed") only preview a conversation that has nothing better.
      const newest = added.findLast((message) => !isInfoMessage(message)) ?? (conversation.lastMessage ? null : added.at(-1)!);
      const preview = newest && previewOfMessage(newest);
      const newerPreview = preview !== null && (!conversation.lastMessage || Date.parse(preview.createdAt) >= Date.parse(conversation.lastMessage.createdAt));
      if (unread > 0 || newerPreview) {
        const updated: Conversation = {
          ...conversation,
          lastMessage: newerPreview ? preview : conversation.lastMessage,
          unreadCount: conversation.unreadCount + unread,
        };
        cache.upsertConversations([updated]);
        if (unread > 0) cache.setUnread(id, updated.unreadCount);
        if (open.has(id)) {
          open.set(id, updated);
          batcher.conversation(updated);
        }
        for (const message of added) alerts.push({ kind: 'message', conversation: updated, message, replay: !live });
      } else {
        for (const message of added) alerts.push({ kind: 'message', conversation, message, replay: !live });
      }
    }
    ingestAlerts(alerts);
  }

  function setPreview(conversationId: string, preview: MessagePreview | null) {
    const conversation = known(conversationId);
    if (!conversation || JSON.stringify(conversation.lastMessage) === JSON.stringify(preview)) return;
    const updated: Conversation = { ...conversation, lastMessage: preview };
    cache.upsertConversations([updated]);
    if (open.has(conversationId)) {
      open.set(conversationId, updated);
      batcher.conversation(updated);
    }
  }

  /** A reply entered the outbox: the inbox shows it as the conversation's latest message right away, before the server has it. */
  function outgoingQueued(message: Message) {
    batcher.message(message);
    const latest = known(message.conversationId)?.lastMessage;
    const preview = previewOfMessage(message);
    if (!latest || Date.parse(preview.createdAt) >= Date.parse(latest.createdAt)) setPreview(message.conversationId, preview);
  }

  /** A waiting reply was discarded: if the inbox previewed it, the newest message that is left takes its place. */
  function outgoingDiscarded(message: Message) {
    const latest = known(message.conversationId)?.lastMessage;
    if (!latest || latest.sender !== message.sender || latest.createdAt !== message.createdAt || latest.text !== message.text) return;
    const remaining = [...cache.listMessages(message.conversationId, { limit: 20 }).messages, ...(deps.outbox()?.placeholders(message.conversationId) ?? [])]
      .filter((candidate) => candidate.id !== message.id && !isInfoMessage(candidate))
      .sort((a, b) => a.sortKey - b.sortKey || a.createdAt.localeCompare(b.createdAt));
    const newest = remaining.at(-1);
    setPreview(message.conversationId, newest ? previewOfMessage(newest) : null);
  }

  function markRead(conversationId: string) {
    const conversation = open.get(conversationId) ?? cache.getConversation(conversationId);
    if (!conversation || conversation.unreadCount === 0) return;
    const updated = { ...conversation, unreadCount: 0 };
    cache.setUnread(conversationId, 0);
    if (open.has(conversationId)) open.set(conversationId, updated);
    batcher.conversation(updated);
  }

  // ---- team -----------------------------------------------------------------------------------------------

  function setTeam(members: TeamMember[]) {
    const next = new Map(members.map((member) => [member.userId, member]));
    for (const userId of team.keys()) if (!next.has(userId)) deps.topics.unsubscribe(teamMemberTopicPrefix + userId);
    for (const userId of next.keys()) deps.topics.subscribe(teamMemberTopicPrefix + userId);
    team = next;
    cache.saveTeam(members);
    batcher.team(members);
  }

  /** A project_user topic said something: availability, busy state and assignment count change live. */
  function applyTeamMember(view: ProjectUserView) {
    if (!view.userId) return;
    const known = team.get(view.userId);
    if (!known) return;
    // Snapshots carry `id_user` as a bare id: only a populated user may rename a member.
    const named = view.member && view.member.name !== view.userId ? { name: view.member.name, email: view.member.email || known.email } : {};
    team.set(view.userId, { ...known, ...named, role: view.role, ...view.availability });
    const members = [...team.values()];
    cache.saveTeam(members);
    batcher.team(members);
  }

  // ---- realtime -------------------------------------------------------------------------------------------

  function handlePublish(topic: string, method: 'CREATE' | 'UPDATE', message: unknown) {
    if (disposed) return;
    if (topic === requestsTopic) {
      if (Array.isArray(message)) applyRequests(message, 'snapshot');
      else if (asRecord(message)) applyRequests([message], method === 'CREATE' ? 'live-create' : 'live-update');
      else logger.warn(`Ignoring a ${method} on ${topic} that is neither a request nor a list`);
      return;
    }
    if (topic === projectUserTopic || topic.startsWith(teamMemberTopicPrefix)) {
      const view = normalizeProjectUser(Array.isArray(message) ? message[0] : message);
      if (!view) return;
      if (view.projectUserId === deps.projectUserId) deps.onAvailability(view);
      applyTeamMember(view);
      return;
    }
    const prefix = `/${projectId}/requests/`;
    if (topic.startsWith(prefix) && topic.endsWith('/messages')) {
      const conversationId = topic.slice(prefix.length, -'/messages'.length);
      if (!conversationId) return;
      if (Array.isArray(message)) {
        ingestMessages(message, conversationId, 'snapshot');
        return;
      }
      const record = asRecord(message);
      if (!record) return;
      // The live message embeds its (lean, populated) request: it introduces the visitor before the message is classified.
      if (record.request !== undefined && !known(conversationId)) applyRequests([record.request], 'live-update');
      ingestMessages([message], conversationId, 'live');
      return;
    }
    logger.info(`Ignoring a publish on an unexpected topic ${topic.slice(0, 200)}`);
  }

  // ---- REST catch-up --------------------------------------------------------------------------------------

  function historyMark(conversationId: string): string {
    const conversation = open.get(conversationId);
    return `${conversation?.updatedAt ?? ''}|${lastMessageIds.get(conversationId) ?? ''}`;
  }

  async function fetchHistory(conversationId: string, announce: boolean) {
    const mark = historyMark(conversationId);
    const followedLive = socketOnline && subscribedConversations.has(conversationId);
    const epoch = connectionEpoch;
    const wires = await api.listMessages(projectId, conversationId);
    if (disposed) return;
    ingestMessages(wires, conversationId, 'rest', announce);
    cache.setMeta(historyMarkKey(conversationId), mark);
    if (followedLive && epoch === connectionEpoch && subscribedConversations.has(conversationId)) currentHistory.add(conversationId);
  }

  /** The realtime socket's state: while it is down, nothing counts as kept current by a live topic. */
  function connectionChanged(online: boolean) {
    if (online === socketOnline) return;
    socketOnline = online;
    if (!online) {
      connectionEpoch++;
      currentHistory.clear();
    }
  }

  async function runCatchUp() {
    const openBefore = new Set(open.keys());
    const seen = new Set<string>();
    let complete = false;
    for (let page = 0; page < tuning.maxRequestPages && !disposed; page++) {
      const { requests, count } = await api.listRequests(projectId, { page, limit: tuning.requestsPageSize });
      for (const conversation of applyRequests(requests, 'rest-list')) seen.add(conversation.id);
      if (requests.length < tuning.requestsPageSize || (page + 1) * tuning.requestsPageSize >= count) {
        complete = true;
        break;
      }
    }
    if (disposed) return;
    if (!complete) {
      logger.warn(
        `Open conversations list stopped at the safety bound of ${tuning.maxRequestPages} pages of ${tuning.requestsPageSize}; conversations beyond it are not shown`,
      );
    }
    if (complete) {
      // Open here but not in the server's open list: closed, deleted or no longer ours while we were away.
      // Only those known before the list was read: one that arrived live meanwhile is not "vanished".
      const vanished = [...openBefore].filter((id) => open.has(id) && !seen.has(id));
      await mapLimit(vanished, tuning.catchUpConcurrency, async (id) => {
        try {
          applyRequests([await api.getRequest(projectId, id)], 'rest-detail');
        } catch (error) {
          if (error instanceof AgentError && error.code === 'not_found') dropFromView(id);
          else throw error;
        }
      });
    }
    deps.onAvailability(await api.projectUserMe(projectId));
    // The team list only feeds availability badges: a refusal (some custom roles) must not stop the catch-up.
    await api
      .teamMembers(projectId)
      .then((rows) => setTeam(rows.flatMap((row) => normalizeProjectUser(row)?.member ?? [])))
      .catch((error: unknown) => {
        if (error instanceof AgentError && (error.code === 'forbidden' || error.code === 'not_found')) logger.info('Team list not available to this role');
        else throw error;
      });
    const targets = [...open.values()]
      .filter((conversation) => wantsMessages(conversation) || conversation.id === viewed.id)
      .filter((conversation) => cache.getMeta(historyMarkKey(conversation.id)) !== historyMark(conversation.id))
      .map((conversation) => conversation.id);
    await mapLimit(targets, tuning.catchUpConcurrency, (id) => fetchHistory(id, false));
  }

  function scheduleRetry(error: unknown) {
    if (disposed || (error instanceof AgentError && (error.code === 'session_expired' || error.code === 'not_signed_in'))) return;
    catchUpFailures++;
    const delay = Math.min(60_000, tuning.catchUpRetryMs * 2 ** (catchUpFailures - 1));
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void catchUp();
    }, delay);
  }

  /** Reconciles everything over REST. Concurrent calls share one run (plus one more if asked meanwhile). */
  function catchUp(): Promise<void> {
    if (disposed) return Promise.resolve();
    if (catchUpRun) {
      catchUpAgain = true;
      return catchUpRun;
    }
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    catchUpRun = (async () => {
      do {
        catchUpAgain = false;
        try {
          await runCatchUp();
          catchUpFailures = 0;
          if (!disposed) deps.onCatchUp({ syncedAt: Date.now() });
        } catch (error) {
          logger.warn('REST catch-up failed', error instanceof Error ? error.message : error);
          if (!disposed) deps.onCatchUp({ error: error instanceof Error ? error.message : String(error) });
          scheduleRetry(error);
          return;
        }
      } while (catchUpAgain && !disposed);
    })().finally(() => {
      catchUpRun = null;
    });
    return catchUpRun;
  }

  // ---- what the handlers need -----------------------------------------------------------------------------

  function setViewed(conversationId: string | null, focused: boolean) {
    const previous = viewed.id;
    viewed = { id: conversationId, focused };
    if (previous && previous !== conversationId) refreshSubscription(previous);
    if (conversationId) {
      refreshSubscription(conversationId);
      if (watching(conversationId)) markRead(conversationId);
      deps.alerts.conversationViewed(conversationId);
    }
  }

  function windowStateChanged() {
    viewed = { ...viewed, focused: deps.window.isFocused() };
    if (viewed.id && watching(viewed.id)) {
      markRead(viewed.id);
      deps.alerts.conversationViewed(viewed.id);
    }
  }

  function withPlaceholders(conversationId: string, messages: Message[]): Message[] {
    const pending = deps.outbox()?.placeholders(conversationId) ?? [];
    if (pending.length === 0) return messages;
    return [...messages, ...pending].sort((a, b) => a.sortKey - b.sortKey || a.createdAt.localeCompare(b.createdAt));
  }

  /** From the cache at once; the full history and the request detail follow over REST in the background. */
  async function openConversation(conversationId: string, online: boolean): Promise<ConversationPage> {
    let conversation = known(conversationId);
    if (!conversation && online) {
      const merged = applyRequests([await api.getRequest(projectId, conversationId)], 'rest-detail')[0] ?? null;
      if (merged && !canSee(merged, viewer)) throw new AgentError('forbidden', 'This conversation is not visible to you.');
      await fetchHistory(conversationId, false).catch((error: unknown) => logger.warn('History fetch failed', error));
      conversation = known(conversationId) ?? merged;
    }
    if (!conversation) throw new AgentError('not_found', 'This conversation is not in the offline cache and the server cannot be reached.');
    const page = cache.listMessages(conversationId, { limit: tuning.openPageSize });
    // A conversation followed live whose history was fetched on this connection is already current.
    if (online && !(subscribedConversations.has(conversationId) && currentHistory.has(conversationId))) {
      refreshConversation(conversationId).catch((error: unknown) =>
        logger.warn(`Background refresh of ${conversationId} failed`, error instanceof Error ? error.message : error),
      );
    }
    return { conversation, messages: withPlaceholders(conversationId, page.messages), hasOlder: page.hasOlder };
  }

  /** The request detail and the complete history from the server, announced to the renderer. */
  async function refreshConversation(conversationId: string): Promise<Conversation | null> {
    applyRequests([await api.getRequest(projectId, conversationId)], 'rest-detail');
    await fetchHistory(conversationId, true);
    return known(conversationId);
  }

  function loadOlder(conversationId: string, beforeSortKey: number, limit: number): ConversationPage {
    const page = cache.listMessages(conversationId, { beforeSortKey, limit });
    return { conversation: known(conversationId), messages: page.messages, hasOlder: page.hasOlder };
  }

  /** Closed history, a page at a time: from the server when reachable (and cached), else from the cache. */
  async function loadClosed(page: number, online: boolean): Promise<{ conversations: Conversation[]; hasMore: boolean }> {
    const limit = 50;
    if (online) {
      try {
        const result = await api.listRequests(projectId, { page, limit, status: String(RequestStatus.closed) });
        const conversations = applyRequests(result.requests, 'rest-list');
        return { conversations, hasMore: (page + 1) * limit < result.count };
      } catch (error) {
        if (!(error instanceof AgentError) || error.code !== 'network') throw error;
      }
    }
    const conversations = cache.listClosedConversations(page * limit, limit + 1);
    return { conversations: conversations.slice(0, limit), hasMore: conversations.length > limit };
  }

  function inbox(): Conversation[] {
    return [...open.values()].sort((a, b) => activity(b) - activity(a));
  }

  function badge(attention: boolean): BadgeState {
    let unread = 0;
    let queue = 0;
    for (const conversation of open.values()) {
      if (isMine(conversation, viewer.userId)) unread += conversation.unreadCount;
      if (isQueued(conversation)) queue++;
    }
    return { unread, queue, attention };
  }

  function evicted(ids: string[]) {
    for (const id of ids) {
      if (open.delete(id)) batcher.removed(id);
      subscribedConversations.delete(id);
      currentHistory.delete(id);
    }
  }

  return {
    start,
    handlePublish,
    catchUp,
    applyRequest: (wire: unknown) => applyRequests([wire], 'action')[0] ?? null,
    /** A message the server returned to a POST (outbox): stored and announced like a live one. */
    ingestServerMessage: (wire: unknown) => ingestMessages([wire], null, 'live'),
    outgoingQueued,
    outgoingDiscarded,
    setViewed,
    windowStateChanged,
    openConversation,
    refreshConversation,
    connectionChanged,
    loadOlder,
    loadClosed,
    inbox,
    setTeam,
    badge,
    evicted,
    conversation: known,
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}

function activity(conversation: Conversation): number {
  return Math.max(Date.parse(conversation.updatedAt) || 0, Date.parse(conversation.lastMessage?.createdAt ?? '') || 0);
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
