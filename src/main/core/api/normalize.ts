/**
 * Wire → domain. Every Tiledesk payload variant (REST populated, WS lean snapshot, live CREATE, live UPDATE,
 * messages with or without an embedded request) becomes the app's own shapes here, and nowhere else.
 */
import type {
  Availability,
  CannedResponse,
  Conversation,
  Department,
  Message,
  MessageAuthor,
  MessageMetadata,
  MessagePreview,
  Note,
  ProjectSummary,
  Tag,
  TeamMember,
  UserSummary,
  Visitor,
  Webhook,
} from '../../../shared/domain.ts';
import {
  asArray,
  asBoolean,
  asIsoDate,
  asNonEmptyString,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  fullName,
  idOf,
  type WireRecord,
} from './wire-read.ts';

const EPOCH = new Date(0).toISOString();
const OBJECT_ID = /^[0-9a-f]{24}$/i;
/** Sender ids given to agent rows of an imported transcript (they are not users of this server). */
export const IMPORTED_AGENT_PREFIX = 'import-agent-';

export function normalizeUser(wire: unknown): UserSummary | null {
  const record = asRecord(wire);
  const id = record && idOf(record);
  if (!record || !id) return null;
  return {
    id,
    email: asString(record.email) ?? '',
    firstname: asString(record.firstname) ?? '',
    lastname: (asString(record.lastname) ?? '').trim(),
  };
}

/** One row of `GET /projects/` (a project_user with `id_project` populated). */
export function normalizeProject(wire: unknown): ProjectSummary | null {
  const record = asRecord(wire);
  const project = asRecord(record?.id_project);
  const projectUserId = record && idOf(record);
  const projectId = project && idOf(project);
  if (!record || !project || !projectUserId || !projectId) return null;
  return { id: projectId, name: asString(project.name) ?? projectId, role: asString(record.role) ?? 'agent', projectUserId };
}

export interface ProjectUserView {
  projectUserId: string;
  userId: string | null;
  role: string;
  permissions: string[];
  availability: Availability;
  member: TeamMember | null;
}

/** A project_user as REST (`id_user` id or populated) or a project_user topic (snapshot or UPDATE) carries it. */
export function normalizeProjectUser(wire: unknown): ProjectUserView | null {
  const record = asRecord(wire);
  const projectUserId = record && idOf(record);
  if (!record || !projectUserId) return null;
  const user = asRecord(record.id_user);
  const userId = idOf(record.id_user);
  const role = asString(record.role) ?? 'agent';
  const availability: Availability = {
    available: asBoolean(record.user_available) ?? false,
    profileStatus: asString(record.profileStatus) ?? '',
    isBusy: asBoolean(record.isBusy) ?? false,
    assignedCount: asNumber(record.number_assigned_requests) ?? 0,
  };
  const member: TeamMember | null = userId
    ? {
        userId,
        projectUserId,
        name: (user && fullName(user.firstname, user.lastname)) || (asString(user?.email) ?? userId),
        email: asString(user?.email) ?? '',
        role,
        ...availability,
      }
    : null;
  return { projectUserId, userId, role, permissions: asStringArray(record.permissions), availability, member };
}

/**
 * What one request payload tells about a conversation. Fields typed `| undefined` are only present in some
 * payload variants (the lean WS snapshot has ids where REST has objects; UPDATEs carry a reduced `snapshot`):
 * undefined means "this payload does not say", and the merge keeps what was known.
 */
export interface ConversationUpdate {
  base: Omit<Conversation, 'visitor' | 'departmentName' | 'eligibleAgents' | 'lastMessage' | 'unreadCount'>;
  visitorId: string | null | undefined;
  visitorName: string | undefined;
  visitorEmail: string | null | undefined;
  visitorAttributes: Record<string, unknown> | undefined;
  departmentName: string | undefined;
  eligibleAgents: string[] | undefined;
  lastMessage: MessagePreview | undefined;
  /** `attributes.last_message._id`: tells the sync engine whether the history moved since it last looked. */
  lastMessageId: string | undefined;
}

export function normalizeRequest(wire: unknown): ConversationUpdate | null {
  const record = asRecord(wire);
  if (!record) return null;
  const id = asNonEmptyString(record.request_id);
  const dbId = idOf(record);
  const status = asNumber(record.status);
  if (!id || !dbId || status === null) return null;

  const snapshot = asRecord(record.snapshot);
  const attributes = asRecord(record.attributes) ?? {};
  const lead = asRecord(record.lead) ?? asRecord(snapshot?.lead);
  const requester = asRecord(record.requester) ?? asRecord(snapshot?.requester);
  const department = asRecord(record.department);
  const departmentId = idOf(record.department);
  const snapshotDepartment = asRecord(snapshot?.department);
  const lastMessageWire = asRecord(attributes.last_message);
  const createdAt = asIsoDate(record.createdAt) ?? EPOCH;

  let departmentName: string | undefined;
  if (department) departmentName = asString(department.name) ?? undefined;
  else if (snapshotDepartment && idOf(snapshotDepartment) === departmentId) departmentName = asString(snapshotDepartment.name) ?? undefined;
  else if (!departmentId) departmentName = '';

  let visitorId: string | null | undefined;
  let visitorName: string | undefined;
  let visitorEmail: string | null | undefined;
  let visitorAttributes: Record<string, unknown> | undefined;
  if (lead) {
    visitorId = asNonEmptyString(lead.lead_id);
    visitorName = (asString(lead.fullname) ?? '').trim() || undefined;
    visitorEmail = asNonEmptyString(lead.email) ?? undefined;
    visitorAttributes = asRecord(lead.attributes) ?? {};
  }
  if (visitorId === undefined && requester) {
    visitorId = asNonEmptyString(requester.uuid_user) ?? idOf(requester.id_user);
  }
  if (visitorName === undefined && requester) {
    const user = asRecord(requester.id_user);
    visitorName = (user && fullName(user.firstname, user.lastname)) || undefined;
  }

  const agents = snapshot && Array.isArray(snapshot.agents) ? snapshot.agents : undefined;
  const tags: Tag[] = asArray(record.tags).flatMap((item) => {
    const tag = asRecord(item);
    const name = tag && asNonEmptyString(tag.tag);
    return tag && name ? [{ id: idOf(tag), tag: name, color: asNonEmptyString(tag.color) }] : [];
  });
  const notes: Note[] = asArray(record.notes).flatMap((item) => {
    const note = asRecord(item);
    const noteId = note && idOf(note);
    return note && noteId
      ? [{ id: noteId, text: asString(note.text) ?? '', createdBy: idOf(note.createdBy) ?? '', createdAt: asIsoDate(note.createdAt) ?? createdAt }]
      : [];
  });

  return {
    base: {
      id,
      dbId,
      ticketId: asNumber(record.ticket_id),
      status,
      subject: asNonEmptyString(record.subject),
      firstText: asString(record.first_text) ?? '',
      participants: asStringArray(record.participants),
      departmentId,
      channel: asString(asRecord(record.channel)?.name) ?? asString(record.channel) ?? 'chat21',
      sourcePage: asNonEmptyString(record.sourcePage),
      language: asNonEmptyString(record.language),
      userAgent: asNonEmptyString(record.userAgent),
      tags,
      notes,
      createdAt,
      updatedAt: asIsoDate(record.updatedAt) ?? createdAt,
      assignedAt: asIsoDate(record.assigned_at),
      closedAt: asIsoDate(record.closed_at),
      closedBy: idOf(record.closed_by),
    },
    visitorId,
    visitorName,
    visitorEmail,
    visitorAttributes,
    departmentName,
    eligibleAgents: agents?.flatMap((agent) => {
      const userId = idOf(asRecord(agent)?.id_user);
      return userId ? [userId] : [];
    }),
    lastMessage: lastMessageWire ? previewOf(lastMessageWire) : undefined,
    lastMessageId: lastMessageWire ? (idOf(lastMessageWire) ?? undefined) : undefined,
  };
}

function previewOf(message: WireRecord): MessagePreview {
  return {
    text: asString(message.text) ?? '',
    type: asString(message.type) ?? 'text',
    sender: asString(message.sender) ?? '',
    senderFullname: asString(message.senderFullname) ?? '',
    createdAt: asIsoDate(message.createdAt) ?? EPOCH,
  };
}

export function previewOfMessage(message: Message): MessagePreview {
  return { text: message.text, type: message.type, sender: message.sender, senderFullname: message.senderFullname, createdAt: message.createdAt };
}

function newerPreview(a: MessagePreview | null, b: MessagePreview | null): MessagePreview | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.createdAt) >= Date.parse(a.createdAt) ? b : a;
}

/** Applies what a payload says over what was known, keeping facts the payload variant does not carry. */
export function mergeConversation(existing: Conversation | null, update: ConversationUpdate): Conversation {
  const sameDepartment = existing?.departmentId === update.base.departmentId;
  const visitor: Visitor = {
    id: update.visitorId !== undefined ? update.visitorId : (existing?.visitor.id ?? null),
    name: update.visitorName ?? existing?.visitor.name ?? 'Visitor',
    email: update.visitorEmail !== undefined ? update.visitorEmail : (existing?.visitor.email ?? null),
    attributes: update.visitorAttributes ?? existing?.visitor.attributes ?? {},
  };
  return {
    ...update.base,
    visitor,
    departmentName: update.departmentName ?? (sameDepartment ? (existing?.departmentName ?? null) : null),
    eligibleAgents: update.eligibleAgents ?? existing?.eligibleAgents ?? [],
    lastMessage: newerPreview(existing?.lastMessage ?? null, update.lastMessage ?? null),
    unreadCount: existing?.unreadCount ?? 0,
  };
}

export interface MessageContext {
  myUserId: string;
  /** The conversation's visitor (lead) id, when known. */
  visitorId: string | null;
}

function authorOf(sender: string, context: MessageContext): MessageAuthor {
  if (sender === context.myUserId) return 'me';
  if (sender === 'system') return 'system';
  if (sender.startsWith('bot_')) return 'bot';
  if (context.visitorId !== null && sender === context.visitorId) return 'visitor';
  if (OBJECT_ID.test(sender) || sender.startsWith(IMPORTED_AGENT_PREFIX)) return 'agent';
  return 'visitor';
}

/** `metadata` is a string on system messages of the real server (a server bug): that becomes null. */
export function normalizeMetadata(value: unknown): MessageMetadata | null {
  const record = asRecord(value);
  if (!record) return null;
  const metadata: MessageMetadata = {};
  const src = asString(record.src);
  const width = asNumber(record.width);
  const height = asNumber(record.height);
  const name = asString(record.name);
  const type = asString(record.type);
  if (src !== null) metadata.src = src;
  if (width !== null) metadata.width = width;
  if (height !== null) metadata.height = height;
  if (name !== null) metadata.name = name;
  if (type !== null) metadata.type = type;
  return metadata;
}

export function sortKeyOf(attributes: Record<string, unknown>, createdAt: string): number {
  return asNumber(attributes.clienttimestamp) ?? (Date.parse(createdAt) || 0);
}

export function normalizeMessage(wire: unknown, context: MessageContext, conversationId?: string): Message | null {
  const record = asRecord(wire);
  const id = record && asNonEmptyString(record._id);
  const recipient = conversationId ?? asNonEmptyString(record?.recipient);
  if (!record || !id || !recipient) return null;
  const sender = asString(record.sender) ?? '';
  const attributes = asRecord(record.attributes) ?? {};
  const createdAt = asIsoDate(record.createdAt) ?? new Date().toISOString();
  return {
    id,
    clientId: asNonEmptyString(attributes.clientMessageId),
    conversationId: recipient,
    sender,
    senderFullname: (asString(record.senderFullname) ?? '').trim(),
    author: authorOf(sender, context),
    type: asString(record.type) ?? 'text',
    text: asString(record.text) ?? '',
    metadata: normalizeMetadata(record.metadata),
    attributes,
    createdAt,
    sortKey: sortKeyOf(attributes, createdAt),
    delivery: 'sent',
    deliveryError: null,
  };
}

/** Info lines (closed, reopened, assigned) are shown but never count as unread. */
export function isInfoMessage(message: Message): boolean {
  const subtype = asString(message.attributes.subtype);
  return message.author === 'system' || subtype === 'info' || subtype === 'info/support';
}

export function normalizeDepartment(wire: unknown): Department | null {
  const record = asRecord(wire);
  const id = record && idOf(record);
  if (!record || !id) return null;
  return { id, name: asString(record.name) ?? id, routing: asString(record.routing) ?? 'assigned', isDefault: asBoolean(record.default) ?? false };
}

export function normalizeCanned(wire: unknown, me: { userId: string; role: string }): CannedResponse | null {
  const record = asRecord(wire);
  const id = record && idOf(record);
  if (!record || !id) return null;
  const createdBy = idOf(record.createdBy) ?? '';
  return {
    id,
    title: asString(record.title) ?? '',
    text: asString(record.text) ?? '',
    shared: asBoolean(record.shared) ?? true,
    createdBy,
    editable: createdBy === me.userId || me.role === 'owner' || me.role === 'admin',
  };
}

export function normalizeWebhook(wire: unknown, includeSecret: boolean): Webhook | null {
  const record = asRecord(wire);
  const id = record && idOf(record);
  if (!record || !id) return null;
  return {
    id,
    event: asString(record.event) ?? '',
    target: asString(record.target) ?? '',
    createdAt: asIsoDate(record.createdAt) ?? EPOCH,
    secret: includeSecret ? asNonEmptyString(record.secret) : null,
  };
}
