/**
 * The app's own view of Tiledesk data, as the core hands it to the renderer.
 * Wire objects (populated or not, snapshot or live) are normalised into these shapes in the core;
 * the renderer never sees a raw Tiledesk payload.
 */
import { z } from 'zod';
import { webhookEvents } from './constants.ts';

export { RequestStatus } from './constants.ts';

export const ProjectRole = z.enum(['owner', 'admin', 'supervisor', 'agent', 'teammate', 'user', 'guest']);
export type ProjectRole = z.infer<typeof ProjectRole>;

export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const ProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** The signed-in agent's role in this project (a custom role name is kept as-is). */
  role: z.string(),
  projectUserId: z.string(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const Availability = z.object({
  available: z.boolean(),
  profileStatus: z.string(),
  isBusy: z.boolean(),
  assignedCount: z.number(),
});
export type Availability = z.infer<typeof Availability>;

export const SessionState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedOut'), lastServerUrl: z.string().optional(), lastEmail: z.string().optional() }),
  /** A 401 ended the session: the cache stays readable, the agent must sign in again. */
  z.object({ status: z.literal('expired'), serverUrl: z.string(), user: UserSummary, project: ProjectSummary.nullable() }),
  z.object({
    status: z.literal('signedIn'),
    serverUrl: z.string(),
    user: UserSummary,
    projects: z.array(ProjectSummary),
    project: ProjectSummary.nullable(),
    availability: Availability.nullable(),
  }),
]);
export type SessionState = z.infer<typeof SessionState>;

export const ConnectionState = z.object({
  status: z.enum(['idle', 'connecting', 'online', 'reconnecting', 'offline']),
  /** Epoch ms of the next reconnect attempt while status is 'reconnecting'. */
  retryAt: z.number().nullable(),
  /** Epoch ms of the last completed REST catch-up. */
  lastSyncAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const Tag = z.object({ id: z.string().nullable(), tag: z.string(), color: z.string().nullable() });
export type Tag = z.infer<typeof Tag>;

export const Note = z.object({ id: z.string(), text: z.string(), createdBy: z.string(), createdAt: z.string() });
export type Note = z.infer<typeof Note>;

export const Visitor = z.object({
  /** The visitor's user id / uuid: the `sender` of their messages. */
  id: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});
export type Visitor = z.infer<typeof Visitor>;

export const MessagePreview = z.object({
  text: z.string(),
  type: z.string(),
  sender: z.string(),
  senderFullname: z.string(),
  createdAt: z.string(),
});
export type MessagePreview = z.infer<typeof MessagePreview>;

export const Conversation = z.object({
  /** Tiledesk `request_id`: the key of every route and topic. */
  id: z.string(),
  /** Mongo `_id` of the request. */
  dbId: z.string(),
  ticketId: z.number().nullable(),
  status: z.number(),
  subject: z.string().nullable(),
  firstText: z.string(),
  participants: z.array(z.string()),
  /** user ids from `snapshot.agents`, needed for the agent visibility rule. */
  eligibleAgents: z.array(z.string()),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  channel: z.string(),
  visitor: Visitor,
  sourcePage: z.string().nullable(),
  language: z.string().nullable(),
  userAgent: z.string().nullable(),
  tags: z.array(Tag),
  notes: z.array(Note),
  lastMessage: MessagePreview.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  assignedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  /** Messages from others not yet seen on screen by this agent (kept by the core). */
  unreadCount: z.number(),
});
export type Conversation = z.infer<typeof Conversation>;

export const MessageMetadata = z.object({
  src: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
});
export type MessageMetadata = z.infer<typeof MessageMetadata>;

export const MessageAuthor = z.enum(['me', 'agent', 'visitor', 'bot', 'system']);
export type MessageAuthor = z.infer<typeof MessageAuthor>;

export const DeliveryState = z.enum(['pending', 'sending', 'sent', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const Message = z.object({
  /** Server `_id`, or `local:<clientId>` while the reply is only in the outbox. */
  id: z.string(),
  /** `attributes.clientMessageId` of replies sent by this app. */
  clientId: z.string().nullable(),
  conversationId: z.string(),
  sender: z.string(),
  senderFullname: z.string(),
  author: MessageAuthor,
  type: z.string(),
  text: z.string(),
  /** Parsed defensively: system messages carry a string here on the real server; that becomes null. */
  metadata: MessageMetadata.nullable(),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** `attributes.clienttimestamp ?? Date.parse(createdAt)`: the ordering key. */
  sortKey: z.number(),
  delivery: DeliveryState,
  deliveryError: z.string().nullable(),
});
export type Message = z.infer<typeof Message>;

export const TeamMember = z.object({
  userId: z.string(),
  projectUserId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  available: z.boolean(),
  profileStatus: z.string(),
  isBusy: z.boolean(),
  assignedCount: z.number(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const Department = z.object({ id: z.string(), name: z.string(), routing: z.string(), isDefault: z.boolean() });
export type Department = z.infer<typeof Department>;

export const CannedResponse = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  shared: z.boolean(),
  createdBy: z.string(),
  /** True when the signed-in agent may edit or delete it. */
  editable: z.boolean(),
});
export type CannedResponse = z.infer<typeof CannedResponse>;

export const WebhookEvent = z.enum(webhookEvents);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const Webhook = z.object({
  id: z.string(),
  event: z.string(),
  target: z.string(),
  createdAt: z.string(),
  /** Present only in the create response: shown once. */
  secret: z.string().nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

export const AlertSettings = z.object({
  queueAlerts: z.boolean(),
  messageAlerts: z.boolean(),
  queueSound: z.boolean(),
  messageSound: z.boolean(),
  onlyWhenHidden: z.boolean(),
  doNotDisturb: z.boolean(),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const AppSettings = z.object({
  alerts: AlertSettings,
  closeToTray: z.boolean(),
  launchAtLogin: z.boolean(),
  launchHidden: z.boolean(),
  retentionDays: z.number().int().min(1).max(3650),
  retentionMaxMessages: z.number().int().min(1000).max(10_000_000),
  locale: z.enum(['system', 'en', 'it']),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const SearchHit = z.object({
  conversationId: z.string(),
  messageId: z.string().nullable(),
  /** Plain text with the match; the renderer highlights it itself. */
  snippet: z.string(),
  createdAt: z.string(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/**
 * One coalesced batch of changes pushed from the core to the renderer.
 * Every array is an upsert set keyed by id; order within `messages` is not significant
 * (the renderer orders by `sortKey`, then `createdAt`).
 */
export const ChangeBatch = z.object({
  conversations: z.array(Conversation),
  /** Conversations that left the agent's view (closed elsewhere, reassigned away and no longer visible, evicted). */
  removedConversationIds: z.array(z.string()),
  messages: z.array(Message),
  /** Outbox placeholders replaced by the server echo: local id → server id. */
  replacedMessageIds: z.array(z.object({ localId: z.string(), serverId: z.string() })),
  team: z.array(TeamMember).nullable(),
  availability: Availability.nullable(),
});
export type ChangeBatch = z.infer<typeof ChangeBatch>;

export const BadgeState = z.object({
  unread: z.number(),
  queue: z.number(),
  /** Alerts have stopped: session expired or connection down. */
  attention: z.boolean(),
});
export type BadgeState = z.infer<typeof BadgeState>;
