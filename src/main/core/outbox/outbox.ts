/**
 * Replies are durable before they are sent: each one is an outbox entry in the cache (and its attachment
 * bytes a file) from the moment `message.send` returns. Entries go out in order per conversation, with
 * backoff on transient failures, and carry `attributes.clientMessageId` so that an entry which may already
 * have reached the server (a crash or timeout after the POST) is reconciled against the server's messages
 * before it is ever sent again: no reply is lost, none is sent twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '../../../shared/domain.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';
import { HttpError } from '../api/http-client.ts';
import { normalizeMetadata, sortKeyOf } from '../api/normalize.ts';
import { uploadedFileUrl } from '../api/server-url.ts';
import type { TiledeskApi } from '../api/tiledesk-api.ts';
import { asRecord, asString } from '../api/wire-read.ts';
import type { CacheStore, OutboxEntry } from '../cache/cache-store.ts';
import type { Logger } from '../ports.ts';
import { backoffDelay, type BackoffPolicy } from '../realtime/backoff.ts';
import type { ChangeBatcher } from '../sync/change-batcher.ts';

export interface OutboxTuning {
  backoff: BackoffPolicy;
  /** Server-side failures (5xx, 429, bad answers) after which an entry is marked failed; network errors never count. */
  maxServerFailures: number;
}

export const DEFAULT_OUTBOX_TUNING: OutboxTuning = {
  backoff: { initialMs: 2000, maxMs: 120_000 },
  maxServerFailures: 5,
};

export interface OutgoingAttachment {
  fileName: string;
  mimeType: string;
  data: Uint8Array;
  width?: number;
  height?: number;
}

export interface OutboxDeps {
  projectId: string;
  serverUrl: string;
  me: { userId: string; fullName: string };
  cache: CacheStore;
  api: TiledeskApi;
  /** Where attachment bytes wait for their upload (one file per entry). */
  filesDir: string;
  batcher: ChangeBatcher;
  /** The server's copy of a sent message: stored and announced by the sync engine (which then acknowledges it here). */
  deliver(wire: unknown): void;
  onPendingChange(pending: number): void;
  onFailed(message: string): void;
  /** False while the session is expired: entries wait (durably) for the next sign-in. */
  canSend(): boolean;
  logger: Logger;
  tuning?: Partial<OutboxTuning>;
}

export const LOCAL_ID_PREFIX = 'local:';

export function createOutbox(deps: OutboxDeps) {
  const tuning = { ...DEFAULT_OUTBOX_TUNING, ...deps.tuning };
  const { cache, api, projectId, logger } = deps;
  let pumping = false;
  let pumpAgain = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: string | null = null;
  let disposed = false;
  mkdirSync(deps.filesDir, { recursive: true });

  const filePath = (clientId: string) => join(deps.filesDir, clientId);
  const entry = (clientId: string) => cache.outboxList().find((candidate) => candidate.clientId === clientId) ?? null;

  function placeholder(item: OutboxEntry): Message {
    const body = item.body;
    const attributes = asRecord(body.attributes) ?? {};
    const createdAt = new Date(item.createdAt).toISOString();
    return {
      id: LOCAL_ID_PREFIX + item.clientId,
      clientId: item.clientId,
      conversationId: item.conversationId,
      sender: deps.me.userId,
      senderFullname: deps.me.fullName,
      author: 'me',
      type: asString(body.type) ?? 'text',
      text: asString(body.text) ?? '',
      metadata: normalizeMetadata(body.metadata),
      attributes,
      createdAt,
      sortKey: sortKeyOf(attributes, createdAt),
      delivery: item.state,
      deliveryError: item.lastError,
    };
  }

  function pendingCount(): number {
    return cache.outboxList().filter((item) => item.state !== 'failed').length;
  }

  function changed(clientId: string) {
    const item = entry(clientId);
    if (item) deps.batcher.message(placeholder(item));
    deps.onPendingChange(pendingCount());
  }

  function finish(clientId: string, serverId: string | null) {
    if (!entry(clientId)) return;
    cache.outboxRemove(clientId);
    void rm(filePath(clientId), { force: true });
    if (serverId) deps.batcher.replaced(LOCAL_ID_PREFIX + clientId, serverId);
    deps.onPendingChange(pendingCount());
  }

  function findEcho(wires: unknown[], clientId: string): unknown {
    return wires.find((wire) => asRecord(asRecord(wire)?.attributes)?.clientMessageId === clientId);
  }

  /** Sent before, or interrupted while sending: the server may already have it. */
  function mayHaveReachedServer(item: OutboxEntry): boolean {
    return item.state === 'sending' || item.attempts > 0 || item.lastError !== null;
  }

  async function uploadIfNeeded(item: OutboxEntry): Promise<Record<string, unknown>> {
    const body = item.body;
    const metadata = asRecord(body.metadata);
    if ((body.type !== 'image' && body.type !== 'file') || !metadata || typeof metadata.src === 'string') return body;
    let data: Uint8Array;
    try {
      data = await readFile(filePath(item.clientId));
    } catch {
      throw new AgentError('not_found', 'The attachment waiting to be sent is no longer on disk.');
    }
    const fileName = asString(metadata.name) ?? 'attachment';
    const mimeType = asString(metadata.type) ?? 'application/octet-stream';
    const stored = await api.uploadChatFile(projectId, { fileName, mimeType, data });
    const src = uploadedFileUrl(deps.serverUrl, stored);
    const uploaded = { ...body, metadata: body.type === 'image' ? { src, width: metadata.width, height: metadata.height, name: fileName, type: mimeType } : { src, name: fileName, type: mimeType } };
    cache.outboxUpdate(item.clientId, { body: uploaded });
    return uploaded;
  }

  async function attempt(item: OutboxEntry) {
    const { clientId, conversationId } = item;
    inFlight = clientId;
    try {
      if (mayHaveReachedServer(item)) {
        const echo = findEcho(await api.listMessages(projectId, conversationId), clientId);
        if (echo) {
          deps.deliver(echo);
          finish(clientId, asString(asRecord(echo)?._id));
          return;
        }
      }
      const body = await uploadIfNeeded(item);
      if (!entry(clientId)) return;
      cache.outboxUpdate(clientId, { state: 'sending', attempts: item.attempts + 1 });
      changed(clientId);
      const response = await api.sendMessage(projectId, conversationId, body);
      deps.deliver(response);
      finish(clientId, asString(asRecord(response)?._id));
    } catch (error) {
      failed(clientId, error);
    } finally {
      inFlight = null;
    }
  }

  function failed(clientId: string, error: unknown) {
    const item = entry(clientId);
    if (!item) return;
    const reason = error instanceof Error ? error.message : String(error);
    const code = error instanceof AgentError ? error.code : 'internal';
    if (code === 'session_expired' || code === 'not_signed_in') {
      // Not the message's fault: it waits for the next sign-in.
      cache.outboxUpdate(clientId, { state: 'pending', lastError: reason, nextAttemptAt: Date.now() });
    } else if (error instanceof HttpError && error.transient) {
      const serverSide = error.code !== 'network';
      const attempts = Math.max(item.attempts, 1);
      if (serverSide && attempts >= tuning.maxServerFailures) {
        cache.outboxUpdate(clientId, { state: 'failed', lastError: reason });
        deps.onFailed(`A reply could not be sent: ${reason}`);
      } else {
        const wait = Math.max(backoffDelay(attempts - 1, tuning.backoff), error.retryAfterMs ?? 0);
        cache.outboxUpdate(clientId, { state: 'pending', lastError: reason, nextAttemptAt: Date.now() + wait });
      }
    } else {
      cache.outboxUpdate(clientId, { state: 'failed', lastError: reason });
      deps.onFailed(`A reply could not be sent: ${reason}`);
      if (!(error instanceof AgentError)) logger.error('Outbox send failed unexpectedly', error);
    }
    changed(clientId);
  }

  /** The first unsent entry of each conversation, when its time has come (later ones wait: order is kept). */
  function readyHeads(now: number): { ready: OutboxEntry[]; nextAt: number | null } {
    const heads = new Map<string, OutboxEntry>();
    for (const item of cache.outboxList()) {
      if (item.state !== 'failed' && !heads.has(item.conversationId)) heads.set(item.conversationId, item);
    }
    const ready: OutboxEntry[] = [];
    let nextAt: number | null = null;
    for (const head of heads.values()) {
      if (head.nextAttemptAt <= now) ready.push(head);
      else nextAt = nextAt === null ? head.nextAttemptAt : Math.min(nextAt, head.nextAttemptAt);
    }
    return { ready, nextAt };
  }

  /**
   * Arms the timer for the earliest waiting head. A head that is already due counts too: the clock may have
   * reached its time since the pump last looked (a Node timer can fire up to a millisecond before Date.now()
   * gets to its due time, since timers run on the monotonic clock), and skipping it would leave the reply
   * waiting for an unrelated wake-up (another send, a reconnect) that may never come.
   */
  function schedule(minDelayMs: number) {
    const now = Date.now();
    const { ready, nextAt } = readyHeads(now);
    const wakeAt = ready.length > 0 ? now : nextAt;
    if (wakeAt !== null) timer = setTimeout(() => void pump(), Math.max(minDelayMs, wakeAt - now));
  }

  async function pump() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    if (timer) clearTimeout(timer);
    timer = null;
    let crashed = false;
    try {
      do {
        pumpAgain = false;
        if (disposed || !deps.canSend()) return;
        const { ready } = readyHeads(Date.now());
        for (const head of ready) {
          if (disposed || !deps.canSend()) return;
          await attempt(head);
          pumpAgain = true;
        }
      } while (pumpAgain);
    } catch (error) {
      crashed = true;
      logger.error('Outbox pump failed', error);
    } finally {
      pumping = false;
      // While it cannot send (session expired, project closed) nothing is armed: the next sign-in opens a new
      // session whose outbox starts its own pump. After a crash it tries again later rather than spinning.
      if (!disposed && deps.canSend()) schedule(crashed ? tuning.backoff.initialMs : 0);
    }
  }

  async function removeOrphanFiles() {
    const known = new Set(cache.outboxList().map((item) => item.clientId));
    for (const name of await readdir(deps.filesDir).catch(() => [])) {
      if (!known.has(name)) await rm(join(deps.filesDir, name), { force: true });
    }
  }

  function clientIdOf(messageId: string): string {
    if (!messageId.startsWith(LOCAL_ID_PREFIX)) throw new AgentError('invalid_argument', 'Only replies still in the outbox can be retried or discarded.');
    return messageId.slice(LOCAL_ID_PREFIX.length);
  }

  return {
    async send(conversationId: string, text: string, attachment?: OutgoingAttachment): Promise<Message> {
      const clientId = randomUUID();
      const now = Date.now();
      const attributes = { clientMessageId: clientId, clienttimestamp: now };
      let body: Record<string, unknown>;
      if (attachment) {
        const isImage = attachment.mimeType.startsWith('image/');
        const metadata: Record<string, unknown> = { name: attachment.fileName, type: attachment.mimeType };
        if (isImage && attachment.width) metadata.width = attachment.width;
        if (isImage && attachment.height) metadata.height = attachment.height;
        body = { type: isImage ? 'image' : 'file', text: text.trim() ? text : attachment.fileName, metadata, attributes, sender: deps.me.userId };
        await writeFile(filePath(clientId), attachment.data);
      } else {
        body = { type: 'text', text, attributes, sender: deps.me.userId };
      }
      const item: OutboxEntry = { clientId, conversationId, body, state: 'pending', attempts: 0, lastError: null, nextAttemptAt: now, createdAt: now };
      cache.outboxAdd(item);
      deps.onPendingChange(pendingCount());
      void pump();
      return placeholder(item);
    },

    retry(messageId: string): Message {
      const clientId = clientIdOf(messageId);
      const item = entry(clientId);
      if (!item) throw new AgentError('not_found', 'This reply is no longer in the outbox (it was sent or discarded).');
      cache.outboxUpdate(clientId, { state: item.state === 'sending' ? 'sending' : 'pending', attempts: 0, nextAttemptAt: Date.now() });
      changed(clientId);
      void pump();
      return placeholder(entry(clientId)!);
    },

    /** Returns the reply as it was shown, or null when it was no longer waiting. */
    async discard(messageId: string): Promise<Message | null> {
      const clientId = clientIdOf(messageId);
      const item = entry(clientId);
      if (!item) return null;
      if (inFlight === clientId) throw new AgentError('invalid_argument', 'This reply is being sent right now; try again in a moment.');
      cache.outboxRemove(clientId);
      await rm(filePath(clientId), { force: true });
      deps.onPendingChange(pendingCount());
      return placeholder(item);
    },

    /** The server has this reply (WebSocket echo or REST): the entry is done. */
    acknowledge(message: Message) {
      if (message.clientId) finish(message.clientId, message.id);
    },

    placeholders(conversationId: string): Message[] {
      return cache.outboxList().filter((item) => item.conversationId === conversationId).map(placeholder);
    },

    pendingCount,

    /** Connectivity is back: waiting entries go now instead of at the end of their backoff. */
    resume() {
      const now = Date.now();
      for (const item of cache.outboxList()) {
        if (item.state === 'pending' && item.nextAttemptAt > now) cache.outboxUpdate(item.clientId, { nextAttemptAt: now });
      }
      void pump();
    },

    start() {
      void removeOrphanFiles();
      void pump();
    },

    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

