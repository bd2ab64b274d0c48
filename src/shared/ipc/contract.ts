/**
 * The one IPC contract. Main (ipcMain), the preload (contextBridge), the browser host (local WebSocket)
 * and the renderer all derive their channels, argument checks and types from these two maps.
 * Every call takes exactly one argument object (or `null` where the schema is z.null()).
 */
import { z } from 'zod';
import { ipcErrorCodes, isServerUrl, SERVER_URL_MAX_LENGTH } from '../constants.ts';
import {
  AppSettings,
  Availability,
  BadgeState,
  CannedResponse,
  ChangeBatch,
  ConnectionState,
  Conversation,
  Department,
  Message,
  SearchHit,
  SessionState,
  TeamMember,
  Webhook,
  WebhookEvent,
} from '../domain.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';

export {
  electronEventChannel,
  electronInvokeChannel,
  eventChannels,
  invokeChannels,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type InvokeChannel,
} from './channels.ts';

const id = z.string().min(1).max(512);
const text = z.string().max(100_000);

/** Only http(s) server URLs; trailing slashes are trimmed by the core. */
export const ServerUrl = z.string().max(SERVER_URL_MAX_LENGTH).refine(isServerUrl, 'must be an http(s) URL without credentials');

export const OutgoingAttachment = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(1).max(255),
  /** Raw bytes; the core uploads them through POST /:project_id/files/chat (1 024 000 bytes at most). */
  data: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= 1_024_000, 'file larger than 1 MB'),
  width: z.number().int().positive().max(100_000).optional(),
  height: z.number().int().positive().max(100_000).optional(),
});

export const TranscriptRow = z.object({
  sender: z.enum(['visitor', 'agent', 'bot', 'system']),
  name: z.string().max(255),
  text: z.string().max(100_000),
  timestamp: z.number(),
});
export type TranscriptRow = z.infer<typeof TranscriptRow>;

export const ConversationPage = z.object({
  conversation: Conversation.nullable(),
  /** Newest last. */
  messages: z.array(Message),
  hasOlder: z.boolean(),
});
export type ConversationPage = z.infer<typeof ConversationPage>;

export const InboxSnapshot = z.object({
  conversations: z.array(Conversation),
  connection: ConnectionState,
  outboxPending: z.number(),
  badge: BadgeState,
});
export type InboxSnapshot = z.infer<typeof InboxSnapshot>;

/** What "Send test event" reports: the app POSTs a sample delivery itself (Tiledesk has no test-delivery route). */
export const WebhookTestResult = z.object({
  /** The target answered 2xx. */
  delivered: z.boolean(),
  /** The target's HTTP status; null when it could not be reached. */
  status: z.number().int().nullable(),
  durationMs: z.number(),
  /** Why the target could not be reached ("connection refused", "timed out"); null when it answered. */
  error: z.string().nullable(),
  sentAt: z.string(),
  /** False: the secret was never seen on this computer, so the delivery went without `x-hook-secret` and `token`. */
  secretKnown: z.boolean(),
});
export type WebhookTestResult = z.infer<typeof WebhookTestResult>;

function call<A extends z.ZodType, R extends z.ZodType>(args: A, result: R) {
  return { args, result };
}

export const invokeContract = {
  'app.info': call(
    z.null(),
    z.object({
      host: z.enum(['electron', 'browser']),
      version: z.string(),
      platform: z.string(),
      /** A local (demo) Tiledesk server the host started or was told about; the sign-in offers it. */
      localServerUrl: z.string().nullable(),
    }),
  ),
  'app.openExternal': call(z.object({ url: z.string().max(4096) }), z.boolean()),

  'session.get': call(z.null(), SessionState),
  'session.signIn': call(z.object({ serverUrl: ServerUrl, email: z.email().max(320), password: z.string().min(1).max(1024) }), SessionState),
  'session.selectProject': call(z.object({ projectId: id }), SessionState),
  'session.signOut': call(z.object({ wipeCache: z.boolean() }), SessionState),
  'session.setAvailability': call(z.object({ available: z.boolean(), profileStatus: z.string().max(100).optional() }), Availability),

  'inbox.snapshot': call(z.null(), InboxSnapshot),
  'inbox.loadClosed': call(z.object({ page: z.number().int().min(0).max(10_000) }), z.object({ conversations: z.array(Conversation), hasMore: z.boolean() })),
  'inbox.search': call(z.object({ query: z.string().min(1).max(200) }), z.array(SearchHit)),

  'conversation.open': call(z.object({ conversationId: id }), ConversationPage),
  'conversation.loadOlder': call(z.object({ conversationId: id, beforeSortKey: z.number(), limit: z.number().int().min(1).max(500) }), ConversationPage),
  /** Which conversation is on screen (null: none); drives unread counts, alerts and subscriptions. */
  'conversation.setViewed': call(z.object({ conversationId: id.nullable(), windowFocused: z.boolean() }), z.null()),
  'conversation.join': call(z.object({ conversationId: id }), Conversation),
  'conversation.leave': call(z.object({ conversationId: id }), Conversation),
  'conversation.close': call(z.object({ conversationId: id }), Conversation),
  'conversation.reopen': call(z.object({ conversationId: id }), Conversation),
  'conversation.reassign': call(z.object({ conversationId: id, userIds: z.array(id).min(1).max(50) }), Conversation),
  'conversation.moveToDepartment': call(z.object({ conversationId: id, departmentId: id }), Conversation),
  'conversation.backToQueue': call(z.object({ conversationId: id }), Conversation),
  'conversation.addTag': call(z.object({ conversationId: id, tag: z.string().trim().min(1).max(100), color: z.string().max(20).optional() }), Conversation),
  'conversation.removeTag': call(z.object({ conversationId: id, tagId: id }), Conversation),
  'conversation.addNote': call(z.object({ conversationId: id, text: z.string().trim().min(1).max(10_000) }), Conversation),
  'conversation.export': call(z.object({ conversationId: id, format: z.enum(['text', 'json']) }), z.object({ fileName: z.string(), content: z.string() })),

  'message.send': call(
    z.object({
      conversationId: id,
      text,
      attachment: OutgoingAttachment.optional(),
    }).refine((value) => value.text.trim().length > 0 || value.attachment !== undefined, 'empty message'),
    Message,
  ),
  'message.retry': call(z.object({ messageId: id }), Message),
  'message.discard': call(z.object({ messageId: id }), z.null()),

  'team.list': call(z.null(), z.array(TeamMember)),
  'departments.list': call(z.null(), z.array(Department)),

  'canned.list': call(z.null(), z.array(CannedResponse)),
  'canned.create': call(z.object({ title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(10_000), shared: z.boolean() }), CannedResponse),
  'canned.update': call(z.object({ id, title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(10_000) }), CannedResponse),
  'canned.delete': call(z.object({ id }), z.null()),

  'webhooks.list': call(z.null(), z.array(Webhook)),
  'webhooks.create': call(z.object({ event: WebhookEvent, target: ServerUrl }), Webhook),
  'webhooks.delete': call(z.object({ id }), z.null()),
  'webhooks.test': call(z.object({ id }), WebhookTestResult),

  'transcript.import': call(
    z.object({ visitorName: z.string().trim().min(1).max(255), rows: z.array(TranscriptRow).min(1).max(10_000) }),
    Conversation,
  ),

  'settings.get': call(z.null(), AppSettings),
  'settings.update': call(AppSettings.partial(), AppSettings),
} as const satisfies Record<InvokeChannel, { args: z.ZodType; result: z.ZodType }>;

export const eventContract = {
  'session.changed': SessionState,
  'connection.changed': ConnectionState,
  'sync.batch': ChangeBatch,
  'outbox.changed': z.object({ pending: z.number() }),
  'badge.changed': BadgeState,
  /** A notification click, a deep link or the tray asks the UI to open a conversation. */
  'navigate.conversation': z.object({ conversationId: z.string() }),
  /** The alert policy asks the UI to play a (throttled) sound. */
  'alert.sound': z.object({ kind: z.enum(['queue', 'message']) }),
  /** Something went wrong outside a call the renderer made (sync, outbox): shown as a toast. */
  'app.error': z.object({ code: z.string(), message: z.string() }),
} as const satisfies Record<EventChannel, z.ZodType>;

export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['result']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]>;

/** Errors cross the boundary as data, never as thrown Error objects (Electron strips their fields). */
export const IpcErrorCode = z.enum(ipcErrorCodes);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcError = z.object({ code: IpcErrorCode, message: z.string() });
export type IpcError = z.infer<typeof IpcError>;

export type IpcResponse<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What the preload exposes as `window.tiledesk`, and what the browser bridge builds: the renderer sees only this. */
export interface AgentBridge {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<IpcResponse<InvokeResult<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
