/**
 * The agent core: composes session, REST client, realtime socket, sync engine, outbox, cache and alerts,
 * and answers every channel of the IPC contract. Host-agnostic: Electron main and the browser host both
 * build it from their HostPorts.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Availability, BadgeState, ConnectionState, ProjectSummary, SessionState, TeamMember } from '../../shared/domain.ts';
import type { InboxSnapshot } from '../../shared/ipc/contract.ts';
import { AgentError } from '../../shared/ipc/errors.ts';
import { createAlertPolicy } from './alerts/alert-policy.ts';
import { alertLocale } from './alerts/alert-text.ts';
import { createHttpClient } from './api/http-client.ts';
import { normalizeCanned, normalizeDepartment, normalizeProjectUser, normalizeWebhook, type ProjectUserView } from './api/normalize.ts';
import { normalizeServerUrl, realtimeUrl } from './api/server-url.ts';
import { createTiledeskApi, signIn, type TiledeskApi } from './api/tiledesk-api.ts';
import { asNonEmptyString, asRecord, asString } from './api/wire-read.ts';
import type { CacheStore } from './cache/cache-store.ts';
import { openCacheStore } from './cache/sqlite-cache.ts';
import { createIpcRouter, type InvokeHandlers, type IpcDispatch } from './ipc/router.ts';
import { createOutbox, type Outbox, type OutboxTuning } from './outbox/outbox.ts';
import type { HostPorts } from './ports.ts';
import { createRealtimeClient, type RealtimeClient, type RealtimeState, type RealtimeTuning } from './realtime/realtime-client.ts';
import { accountDir, projectCachePath, projectOutboxFilesDir } from './session/account-paths.ts';
import { createSessionStore, type PersistedSession } from './session/session-store.ts';
import { createSettingsService } from './settings/settings-service.ts';
import { createChangeBatcher, type ChangeBatcher } from './sync/change-batcher.ts';
import { createSyncEngine, type SyncEngine, type SyncTuning } from './sync/sync-engine.ts';
import { exportConversation, planImport, validateTranscript } from './transcript/transcript.ts';
import { samplePayload } from './webhooks/sample-payloads.ts';
import { sendTestDelivery } from './webhooks/test-delivery.ts';

export interface AgentCore {
  dispatch: IpcDispatch;
  /** OS resume / unlock / network-online: reconnect now if needed, resubscribe, catch up over REST. */
  catchUp(reason: 'resume' | 'unlock' | 'online' | 'manual'): void;
  /** Window shown/hidden/focused changed (alert rules, unread of the viewed conversation). */
  windowStateChanged(): void;
  dispose(): Promise<void>;
}

/** Timings, for tests and benchmarks; production uses the defaults. */
export interface CoreTuning {
  realtime?: Partial<RealtimeTuning>;
  sync?: Partial<SyncTuning>;
  outbox?: Partial<OutboxTuning>;
  /** How long changes are coalesced during a burst before one `sync.batch` goes out. */
  batchFlushMs?: number;
  /**
   * A change this long (or more) after the last `sync.batch` goes out on the next macrotask instead of waiting
   * for the window: a message every 40 ms is not a burst. Default 16 ms (one frame).
   */
  batchIdleMs?: number;
  httpTimeoutMs?: number;
  retentionIntervalMs?: number;
  /** How long "Send test event" waits for the webhook's target (10 s by default). */
  webhookTestTimeoutMs?: number;
}

interface ProjectSession {
  project: ProjectSummary;
  cache: CacheStore;
  batcher: ChangeBatcher;
  engine: SyncEngine;
  outbox: Outbox;
  /** Null while the session is expired: the cache stays readable, nothing talks to the server. */
  realtime: RealtimeClient | null;
  dispose(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Cache meta key of a webhook's secret: the server shows it only in the create response. */
const webhookSecretKey = (id: string) => `webhook-secret:${id}`;
const IDLE_CONNECTION: ConnectionState = { status: 'idle', retryAt: null, lastSyncAt: null, lastError: null };

export async function createAgentCore(ports: HostPorts, tuning: CoreTuning = {}): Promise<AgentCore> {
  const { logger } = ports;
  mkdirSync(ports.dataDir, { recursive: true });
  const settings = createSettingsService(ports.settingsStore, logger);
  const sessionStore = createSessionStore(ports.secretStore, ports.dataDir, logger);
  const alerts = createAlertPolicy({
    notifier: ports.notifier,
    window: ports.window,
    settings: () => settings.alerts(),
    locale: () => alertLocale(settings.get().locale),
    now: Date.now,
    playSound: (kind) => ports.emit('alert.sound', { kind }),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  });

  let persisted: PersistedSession | null = null;
  let api: TiledeskApi | null = null;
  let me: ProjectUserView | null = null;
  let availability: Availability | null = null;
  let current: ProjectSession | null = null;
  let connection: ConnectionState = IDLE_CONNECTION;
  let lastBadge: BadgeState | null = null;
  let lastPending = -1;
  let disposed = false;

  // ---- derived state & events -----------------------------------------------------------------------------

  const live = () => persisted?.token != null;
  const project = () => persisted?.projects.find((candidate) => candidate.id === persisted?.projectId) ?? null;

  function sessionState(): SessionState {
    if (!persisted) {
      const hint = sessionStore.loadHint();
      return { status: 'signedOut', ...(hint ? { lastServerUrl: hint.serverUrl, lastEmail: hint.email } : {}) };
    }
    if (!persisted.token) return { status: 'expired', serverUrl: persisted.serverUrl, user: persisted.user, project: project() };
    return { status: 'signedIn', serverUrl: persisted.serverUrl, user: persisted.user, projects: persisted.projects, project: project(), availability };
  }

  function emitSession() {
    ports.emit('session.changed', sessionState());
    updateBadge();
  }

  function badgeState(): BadgeState {
    const down = connection.status === 'reconnecting' || connection.status === 'offline';
    const attention = (persisted !== null && !persisted.token) || (current?.realtime != null && down);
    return current ? current.engine.badge(attention) : { unread: 0, queue: 0, attention };
  }

  function updateBadge() {
    const badge = badgeState();
    if (lastBadge && badge.unread === lastBadge.unread && badge.queue === lastBadge.queue && badge.attention === lastBadge.attention) return;
    lastBadge = badge;
    ports.badge.update(badge);
    ports.emit('badge.changed', badge);
  }

  function setConnection(next: Partial<ConnectionState>) {
    const merged = { ...connection, ...next };
    if (merged.status === connection.status && merged.retryAt === connection.retryAt && merged.lastSyncAt === connection.lastSyncAt && merged.lastError === connection.lastError) return;
    connection = merged;
    ports.emit('connection.changed', connection);
    updateBadge();
  }

  function setPending(pending: number) {
    if (pending === lastPending) return;
    lastPending = pending;
    ports.emit('outbox.changed', { pending });
  }

  function setAvailabilityState(view: ProjectUserView) {
    me = view;
    availability = view.availability;
    current?.batcher.availability(view.availability);
  }

  // ---- session lifecycle -----------------------------------------------------------------------------------

  function makeApi(serverUrl: string): TiledeskApi {
    return createTiledeskApi(
      createHttpClient({ baseUrl: serverUrl, token: () => persisted?.token ?? null, onUnauthorized: () => void expire(), timeoutMs: tuning.httpTimeoutMs }),
    );
  }

  /** A 401: the session ends cleanly, the cache stays readable, the agent is told. */
  async function expire() {
    if (!persisted?.token || disposed) return;
    logger.warn('The server refused the token (401): session expired');
    persisted = { ...persisted, token: null };
    current?.realtime?.stop();
    if (current) current.realtime = null;
    await sessionStore.save(persisted).catch((error: unknown) => logger.error('Saving the expired session failed', error));
    setConnection({ ...IDLE_CONNECTION, lastSyncAt: connection.lastSyncAt, lastError: 'Session expired, sign in again.' });
    ports.emit('app.error', { code: 'session_expired', message: 'Session expired, sign in again.' });
    emitSession();
  }

  function closeProject() {
    if (!current) return;
    current.dispose();
    current = null;
    alerts.reset();
    setConnection(IDLE_CONNECTION);
    setPending(0);
  }

  function enforceRetention(session: ProjectSession) {
    try {
      const { retentionDays, retentionMaxMessages } = settings.get();
      const evicted = session.cache.enforceRetention({ maxAgeDays: retentionDays, maxMessages: retentionMaxMessages }, Date.now());
      session.engine.evicted(evicted);
      if (evicted.length > 0) logger.info(`Retention evicted ${evicted.length} closed conversation(s)`);
    } catch (error) {
      logger.error('Retention failed', error);
    }
  }

  function openProject(selected: ProjectSummary) {
    closeProject();
    if (!persisted) return;
    const account = persisted;
    const cachePath = projectCachePath(ports.dataDir, account.serverUrl, account.user.id, selected.id);
    mkdirSync(dirname(cachePath), { recursive: true });
    const cache = openCacheStore(cachePath, logger);
    const batcher = createChangeBatcher({ flushMs: tuning.batchFlushMs ?? 50, idleMs: tuning.batchIdleMs ?? 16, emit: (batch) => ports.emit('sync.batch', batch), afterFlush: updateBadge });
    const isLive = account.token !== null;
    const projectApi = api ?? makeApi(account.serverUrl);
    const viewer = { userId: account.user.id, role: me?.role ?? selected.role, permissions: me?.permissions ?? [] };

    let engine: SyncEngine | null = null;
    let outbox: Outbox | null = null;
    const realtime = isLive
      ? createRealtimeClient({
          url: () => realtimeUrl(account.serverUrl, persisted?.token ?? ''),
          logger,
          tuning: tuning.realtime,
          handlers: {
            onPublish: (topic, method, message) => engine?.handlePublish(topic, method, message),
            onOpen: () => {
              void engine?.catchUp();
              outbox?.resume();
            },
            onStateChange: (state: RealtimeState) => {
              engine?.connectionChanged(state.status === 'online');
              setConnection({ status: state.status, retryAt: state.retryAt, lastError: state.lastError });
            },
            // The socket refuses the token: let a REST call confirm it (its 401 ends the session).
            onAuthRejected: () => void projectApi.projectUserMe(selected.id).catch(() => undefined),
          },
        })
      : null;
    const topics = realtime ?? { subscribe: () => undefined, unsubscribe: () => undefined };
    engine = createSyncEngine({
      projectId: selected.id,
      projectUserId: selected.projectUserId,
      viewer,
      api: projectApi,
      cache,
      batcher,
      alerts,
      window: ports.window,
      topics,
      outbox: () => outbox,
      logger,
      onAvailability: setAvailabilityState,
      onCatchUp: (result) => setConnection('syncedAt' in result ? { lastSyncAt: result.syncedAt } : { lastError: result.error }),
      tuning: tuning.sync,
    });
    const syncEngine = engine;
    outbox = createOutbox({
      projectId: selected.id,
      serverUrl: account.serverUrl,
      me: { userId: account.user.id, fullName: [account.user.firstname, account.user.lastname].filter(Boolean).join(' ') },
      cache,
      api: projectApi,
      filesDir: projectOutboxFilesDir(ports.dataDir, account.serverUrl, account.user.id, selected.id),
      batcher,
      deliver: (wire) => syncEngine.ingestServerMessage(wire),
      onPendingChange: setPending,
      onFailed: (message) => ports.emit('app.error', { code: 'server', message }),
      canSend: () => live() && current?.outbox === outbox,
      logger,
      tuning: tuning.outbox,
    });
    const retentionTimer = setInterval(() => {
      if (current) enforceRetention(current);
    }, tuning.retentionIntervalMs ?? DAY_MS);
    retentionTimer.unref?.();

    const session: ProjectSession = {
      project: selected,
      cache,
      batcher,
      engine,
      outbox,
      realtime,
      dispose() {
        clearInterval(retentionTimer);
        session.realtime?.stop();
        syncEngine.dispose();
        session.outbox.dispose();
        batcher.dispose();
        cache.close();
      },
    };
    current = session;
    enforceRetention(session);
    engine.start();
    setPending(outbox.pendingCount());
    outbox.start();
    realtime?.start();
    updateBadge();
  }

  async function persist(next: PersistedSession) {
    persisted = next;
    await sessionStore.save(next);
  }

  async function selectProject(projectId: string): Promise<SessionState> {
    const account = requireAccount();
    let selected = account.projects.find((candidate) => candidate.id === projectId);
    const client = requireApi();
    if (!selected) {
      const projects = await client.projects();
      await persist({ ...account, projects });
      selected = projects.find((candidate) => candidate.id === projectId);
      if (!selected) throw new AgentError('not_found', 'You are not a member of this project.');
    }
    const view = await client.projectUserMe(projectId);
    me = view;
    availability = view.availability;
    selected = { ...selected, role: view.role, projectUserId: view.projectUserId };
    await persist({ ...requireAccount(), projects: requireAccount().projects.map((p) => (p.id === projectId ? selected! : p)), projectId });
    openProject(selected);
    emitSession();
    return sessionState();
  }

  async function doSignIn(rawUrl: string, email: string, password: string): Promise<SessionState> {
    const serverUrl = normalizeServerUrl(rawUrl);
    const client = makeApi(serverUrl);
    const { token, user } = await signIn(client.http, email, password);
    const projects = await createTiledeskApi(createHttpClient({ baseUrl: serverUrl, token: () => token, timeoutMs: tuning.httpTimeoutMs })).projects();
    const previous = persisted;
    const remembered = previous && previous.serverUrl === serverUrl && previous.user.id === user.id ? previous.projectId : null;
    const projectId = projects.length === 1 ? projects[0]!.id : (projects.find((candidate) => candidate.id === remembered)?.id ?? null);
    closeProject();
    me = null;
    availability = null;
    api = client;
    await persist({ serverUrl, token, user, projects, projectId: null });
    await sessionStore.saveHint({ serverUrl, email }).catch((error: unknown) => logger.warn('Saving the sign-in hint failed', error));
    if (projectId) {
      try {
        return await selectProject(projectId);
      } catch (error) {
        logger.warn('Selecting the project after sign-in failed', error);
        const reason = error instanceof Error ? error.message : String(error);
        ports.emit('app.error', { code: error instanceof AgentError ? error.code : 'internal', message: `Signed in, but the project could not be opened: ${reason}` });
      }
    }
    emitSession();
    return sessionState();
  }

  async function doSignOut(wipeCache: boolean): Promise<SessionState> {
    const account = persisted;
    closeProject();
    persisted = null;
    api = null;
    me = null;
    availability = null;
    await sessionStore.clear();
    if (account && wipeCache) await rm(accountDir(ports.dataDir, account.serverUrl, account.user.id), { recursive: true, force: true });
    emitSession();
    return sessionState();
  }

  /** At start: the stored session comes back without the network; the server is asked in the background. */
  async function restore() {
    persisted = await sessionStore.load();
    if (!persisted) return;
    api = makeApi(persisted.serverUrl);
    const selected = project();
    if (selected) {
      try {
        openProject(selected);
      } catch (error) {
        logger.error('Opening the cached project failed', error);
      }
    }
    if (persisted.token) void refreshAccount();
  }

  async function refreshAccount() {
    const client = api;
    const account = persisted;
    if (!client || !account?.token) return;
    try {
      const projects = await client.projects();
      if (persisted !== account) return;
      await persist({ ...account, projects: projects.map((p) => account.projects.find((old) => old.id === p.id && old.role === p.role) ?? p) });
      if (account.projectId && projects.some((p) => p.id === account.projectId)) setAvailabilityState(await client.projectUserMe(account.projectId));
      emitSession();
    } catch (error) {
      logger.info('Refreshing the account at start failed (offline?)', error instanceof Error ? error.message : error);
    }
  }

  // ---- guards --------------------------------------------------------------------------------------------

  function requireAccount(): PersistedSession {
    if (!persisted) throw new AgentError('not_signed_in', 'Sign in first.');
    return persisted;
  }

  function requireApi(): TiledeskApi {
    const account = requireAccount();
    if (!account.token) throw new AgentError('session_expired', 'Session expired, sign in again.');
    return (api ??= makeApi(account.serverUrl));
  }

  /** The open project (readable even when the session expired). */
  function requireProject(): ProjectSession {
    requireAccount();
    if (!current) throw new AgentError('not_signed_in', 'Choose a project first.');
    return current;
  }

  function requireLiveProject(): { session: ProjectSession; api: TiledeskApi; projectId: string; userId: string } {
    const client = requireApi();
    const session = requireProject();
    return { session, api: client, projectId: session.project.id, userId: requireAccount().user.id };
  }

  /** Session changes run one at a time (a sign-in never races a project switch). */
  let sessionQueue: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = sessionQueue.then(task, task);
    sessionQueue = run.catch(() => undefined);
    return run;
  }

  async function conversationAction(conversationId: string, call: (api: TiledeskApi, projectId: string, userId: string) => Promise<unknown>) {
    const { session, api: client, projectId, userId } = requireLiveProject();
    const wire = await call(client, projectId, userId);
    const conversation = session.engine.applyRequest(wire) ?? session.engine.applyRequest(await client.getRequest(projectId, conversationId));
    if (!conversation) throw new AgentError('server', 'The server answered with something that is not a conversation.');
    return conversation;
  }

  // ---- handlers ------------------------------------------------------------------------------------------

  const handlers: InvokeHandlers = {
    'app.info': async () => ({ host: ports.host, version: ports.version, platform: process.platform, localServerUrl: ports.localServerUrl ?? null }),
    'app.openExternal': async ({ url }) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return false;
      }
      if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) {
        logger.warn(`Refused to open a ${parsed.protocol} link`);
        return false;
      }
      await ports.openExternal(parsed.toString());
      return true;
    },

    'session.get': async () => sessionState(),
    'session.signIn': ({ serverUrl, email, password }) => serial(() => doSignIn(serverUrl, email, password)),
    'session.selectProject': ({ projectId }) => serial(() => selectProject(projectId)),
    'session.signOut': ({ wipeCache }) => serial(() => doSignOut(wipeCache)),
    'session.setAvailability': async ({ available, profileStatus }) => {
      const { projectId, api: client } = requireLiveProject();
      const view = await client.setAvailability(projectId, available, profileStatus);
      setAvailabilityState(view);
      emitSession();
      return view.availability;
    },

    'inbox.snapshot': async (): Promise<InboxSnapshot> => ({
      conversations: current?.engine.inbox() ?? [],
      connection,
      outboxPending: current?.outbox.pendingCount() ?? 0,
      badge: badgeState(),
    }),
    'inbox.loadClosed': async ({ page }) => requireProject().engine.loadClosed(page, live()),
    'inbox.search': async ({ query }) => requireProject().cache.search(query, 100),

    'conversation.open': async ({ conversationId }) => requireProject().engine.openConversation(conversationId, live()),
    'conversation.loadOlder': async ({ conversationId, beforeSortKey, limit }) => requireProject().engine.loadOlder(conversationId, beforeSortKey, limit),
    'conversation.setViewed': async ({ conversationId, windowFocused }) => {
      current?.engine.setViewed(conversationId, windowFocused);
      current?.batcher.flush();
      return null;
    },
    'conversation.join': ({ conversationId }) => conversationAction(conversationId, (client, p, userId) => client.addParticipant(p, conversationId, userId)),
    'conversation.leave': ({ conversationId }) => conversationAction(conversationId, (client, p, userId) => client.removeParticipant(p, conversationId, userId)),
    'conversation.close': ({ conversationId }) => conversationAction(conversationId, (client, p) => client.close(p, conversationId)),
    'conversation.reopen': ({ conversationId }) => conversationAction(conversationId, (client, p) => client.reopen(p, conversationId)),
    'conversation.reassign': ({ conversationId, userIds }) =>
      conversationAction(conversationId, (client, p) => client.setParticipants(p, conversationId, [...new Set(userIds)])),
    'conversation.moveToDepartment': ({ conversationId, departmentId }) =>
      conversationAction(conversationId, (client, p) => client.moveToDepartment(p, conversationId, departmentId)),
    // An empty participant list is what the server's own "set participants" turns into status 100 (unassigned) in one step.
    'conversation.backToQueue': ({ conversationId }) => conversationAction(conversationId, (client, p) => client.setParticipants(p, conversationId, [])),
    'conversation.addTag': ({ conversationId, tag, color }) =>
      conversationAction(conversationId, (client, p) => client.addTag(p, conversationId, color ? { tag, color } : { tag })),
    'conversation.removeTag': ({ conversationId, tagId }) => conversationAction(conversationId, (client, p) => client.removeTag(p, conversationId, tagId)),
    'conversation.addNote': ({ conversationId, text }) => conversationAction(conversationId, (client, p) => client.addNote(p, conversationId, text)),
    'conversation.export': async ({ conversationId, format }) => {
      const session = requireProject();
      if (live()) await session.engine.refreshConversation(conversationId).catch((error: unknown) => logger.warn('Export: refreshing the history failed; using the cache', error));
      const conversation = session.engine.conversation(conversationId);
      if (!conversation) throw new AgentError('not_found', 'This conversation is not in the offline cache.');
      const { messages } = session.cache.listMessages(conversationId, { limit: Number.MAX_SAFE_INTEGER });
      return exportConversation(conversation, messages, format);
    },

    'message.send': async ({ conversationId, text, attachment }) => {
      const session = requireProject();
      if (!session.engine.conversation(conversationId)) throw new AgentError('not_found', 'Unknown conversation.');
      const queued = await session.outbox.send(conversationId, text, attachment);
      session.engine.outgoingQueued(queued);
      return queued;
    },
    'message.retry': async ({ messageId }) => requireProject().outbox.retry(messageId),
    'message.discard': async ({ messageId }) => {
      const session = requireProject();
      const discarded = await session.outbox.discard(messageId);
      if (discarded) session.engine.outgoingDiscarded(discarded);
      return null;
    },

    'team.list': async () => {
      const session = requireProject();
      try {
        const { api: client, projectId } = requireLiveProject();
        const team = (await client.teamMembers(projectId)).flatMap((row): TeamMember[] => {
          const member = normalizeProjectUser(row)?.member;
          return member ? [member] : [];
        });
        session.engine.setTeam(team);
        return team;
      } catch (error) {
        const cached = session.cache.loadTeam();
        if (cached.length > 0 && error instanceof AgentError && ['network', 'server', 'session_expired'].includes(error.code)) return cached;
        throw error;
      }
    },
    'departments.list': async () => {
      const { api: client, projectId } = requireLiveProject();
      return (await client.departments(projectId)).flatMap((row) => normalizeDepartment(row) ?? []);
    },

    'canned.list': async () => {
      const { api: client, projectId, userId } = requireLiveProject();
      const role = me?.role ?? requireProject().project.role;
      return (await client.cannedList(projectId)).flatMap((row) => normalizeCanned(row, { userId, role }) ?? []);
    },
    'canned.create': async (args) => cannedResult(await requireLiveProject().api.cannedCreate(requireProject().project.id, args)),
    'canned.update': async ({ id, title, text }) => cannedResult(await requireLiveProject().api.cannedUpdate(requireProject().project.id, id, { title, text })),
    'canned.delete': async ({ id }) => {
      const { api: client, projectId } = requireLiveProject();
      await client.cannedDelete(projectId, id);
      return null;
    },

    'webhooks.list': async () => {
      const { api: client, projectId } = requireLiveProject();
      return (await client.webhookList(projectId)).flatMap((row) => normalizeWebhook(row, false) ?? []);
    },
    'webhooks.create': async ({ event, target }) => {
      const { session, api: client, projectId } = requireLiveProject();
      const webhook = normalizeWebhook(await client.webhookCreate(projectId, { event, target }), true);
      if (!webhook) throw new AgentError('server', 'The server answered the webhook creation with something unexpected.');
      if (webhook.secret) session.cache.setMeta(webhookSecretKey(webhook.id), webhook.secret);
      return webhook;
    },
    'webhooks.delete': async ({ id }) => {
      const { session, api: client, projectId } = requireLiveProject();
      await client.webhookDelete(projectId, id);
      // Blanked, not kept: Tiledesk may give other subscriptions the same secret.
      session.cache.setMeta(webhookSecretKey(id), '');
      return null;
    },
    'webhooks.test': async ({ id }) => {
      const { session, api: client, projectId } = requireLiveProject();
      // Also the admin check: the server answers 403 to anyone below admin.
      const subscription = asRecord(await client.webhookGet(projectId, id));
      if (!subscription) throw new AgentError('server', 'The server answered with something that is not a webhook subscription.');
      const account = requireAccount();
      const payload = samplePayload(asString(subscription.event) ?? '', {
        projectId,
        user: account.user,
        projectUserId: me?.projectUserId ?? session.project.projectUserId,
        role: me?.role ?? session.project.role,
        availability,
        now: Date.now(),
      });
      // Kept at creation; else a server that returns secrets in reads (some test databases do) is taken at its word.
      const secret = session.cache.getMeta(webhookSecretKey(id)) || asNonEmptyString(subscription.secret);
      return sendTestDelivery({ subscription, secret, payload, timeoutMs: tuning.webhookTestTimeoutMs });
    },

    'transcript.import': async ({ visitorName, rows }) => {
      const { session, api: client, projectId, userId } = requireLiveProject();
      validateTranscript(rows, Date.now());
      const plan = planImport(visitorName, rows, { userId });
      const created = asRecord(await client.createRequest(projectId, plan.request));
      const requestId = asString(created?.request_id);
      if (!requestId) throw new AgentError('server', 'The server did not create the conversation for the import.');
      try {
        await client.insertMessages(projectId, requestId, plan.messages);
      } catch (error) {
        const cleanup = await client
          .deleteRequest(projectId, requestId)
          .then(() => 'the partial conversation was deleted')
          .catch(() =>
            client
              .close(projectId, requestId)
              .then(() => 'the partial conversation was closed')
              .catch(() => `the partial conversation ${requestId} could not be removed`),
          );
        const reason = error instanceof Error ? error.message : String(error);
        throw new AgentError(error instanceof AgentError ? error.code : 'internal', `The transcript import failed (${reason}); ${cleanup}.`);
      }
      const conversation = await session.engine.refreshConversation(requestId);
      if (!conversation) throw new AgentError('server', 'The imported conversation could not be read back.');
      return conversation;
    },

    'settings.get': async () => settings.get(),
    'settings.update': async (changes) => {
      const { settings: next, previous } = settings.update(changes);
      ports.applySettings(next);
      if (current && (next.retentionDays !== previous.retentionDays || next.retentionMaxMessages !== previous.retentionMaxMessages)) enforceRetention(current);
      return next;
    },
  };

  function cannedResult(wire: unknown) {
    const role = me?.role ?? requireProject().project.role;
    const canned = normalizeCanned(wire, { userId: requireAccount().user.id, role });
    if (!canned) throw new AgentError('server', 'The server answered with something that is not a canned response.');
    return canned;
  }

  await restore();
  emitSession();
  updateBadge();

  return {
    dispatch: createIpcRouter(handlers, logger),
    catchUp(reason) {
      const session = current;
      if (!session?.realtime) return;
      logger.info(`Catch-up requested (${reason})`);
      if (reason === 'resume') {
        // After sleep the socket usually looks open but is dead: start a fresh one (its open triggers the catch-up).
        session.realtime.restart();
      } else if (session.realtime.state.status === 'online') {
        void session.engine.catchUp();
        session.outbox.resume();
      } else {
        session.realtime.reconnectNow();
      }
    },
    windowStateChanged() {
      current?.engine.windowStateChanged();
      current?.batcher.flush();
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await sessionQueue.catch(() => undefined);
      closeProject();
    },
  };
}
