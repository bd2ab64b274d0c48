import type { EventBus } from '../events.ts';
import { newObjectId, newUuid } from '../ids.ts';
import type { Store } from '../store/store.ts';
import type {
  DepartmentDoc, JsonObject, LeadDoc, MessageDoc, ProjectDoc, ProjectUserDoc, RequestDoc, TagDoc,
} from '../store/types.ts';
import { compact } from './compact.ts';
import { defaultDepartment, routeConversation } from './routing.ts';
import { recountAssigned } from './team.ts';

export const REQUEST_STATUS = { TEMP: 50, UNASSIGNED: 100, ABANDONED: 150, ASSIGNED: 200, SERVED: 300, CLOSED: 1000 } as const;

/** Who performs an action: a user or a visitor, with the project_user that admits them to the project. */
export interface Actor {
  id: string;
  fullName: string;
  email?: string;
  projectUser: ProjectUserDoc;
}

export interface MessageInput {
  sender: string;
  senderFullname: string;
  createdBy: string;
  text?: string;
  type?: string;
  metadata?: unknown;
  attributes?: JsonObject;
  language?: string;
  channel?: { name: string };
  status?: number;
}

export interface NewConversation {
  project: ProjectDoc;
  requestId?: string;
  requester: ProjectUserDoc;
  lead: { id: string; fullname: string; email?: string; attributes?: JsonObject };
  createdBy: string;
  firstText: string;
  departmentId?: string;
  participants?: string[];
  attributes?: JsonObject;
  sourcePage?: string;
  language?: string;
  userAgent?: string;
  subject?: string;
  priority?: string;
  followers?: string[];
  location?: unknown;
  channel?: { name: string };
}

interface UpdateOptions {
  /** Closing: the conversation's messages at the moment of closing (for `request.close`). */
  closing?: MessageDoc[];
  notice?: SystemNotice;
  announceAssignment?: boolean;
}

interface SystemNotice {
  text: string;
  attributes: JsonObject;
}

const CHAT_CLOSED: SystemNotice = {
  text: 'Chat closed',
  attributes: { subtype: 'info/support', updateconversation: false, messagelabel: { key: 'CHAT_CLOSED' } },
};
const CHAT_REOPENED: SystemNotice = {
  text: 'Chat reopened',
  attributes: { subtype: 'info/support', updateconversation: true, messagelabel: { key: 'CHAT_REOPENED' } },
};

const isBot = (member: string): boolean => member.startsWith('bot_');

function buildMessage(projectId: string, recipient: string, input: MessageInput, at: Date): MessageDoc {
  const iso = at.toISOString();
  return compact<MessageDoc>({
    senderFullname: input.senderFullname,
    type: input.type ?? 'text',
    channel_type: 'group',
    status: input.status ?? 0,
    _id: newObjectId(at),
    sender: input.sender,
    recipient,
    text: input.text,
    id_project: projectId,
    createdBy: input.createdBy,
    metadata: input.metadata,
    attributes: input.attributes,
    language: input.language,
    channel: input.channel ?? { name: 'chat21' },
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  });
}

function buildLead(projectId: string, lead: NewConversation['lead'], at: Date): LeadDoc {
  const iso = at.toISOString();
  return compact<LeadDoc>({
    tags: [],
    status: 100,
    _id: newObjectId(at),
    lead_id: lead.id,
    fullname: lead.fullname,
    email: lead.email,
    phone: null,
    attributes: lead.attributes,
    id_project: projectId,
    createdBy: 'system',
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  });
}

/** Sets participants and the fields derived from them (agents/bots split, hasBot, open status, assigned_at). */
function applyParticipants(request: RequestDoc, members: string[], at: Date): void {
  const participants = [...new Set(members)];
  const added = participants.some((member) => !request.participants.includes(member));
  request.participants = participants;
  request.participantsAgents = participants.filter((member) => !isBot(member));
  request.participantsBots = participants.filter(isBot).map((member) => member.slice('bot_'.length));
  request.hasBot = participants.length > 0 && isBot(participants[0] ?? '');
  if (request.status !== REQUEST_STATUS.CLOSED) {
    request.status = participants.length > 0 ? REQUEST_STATUS.ASSIGNED : REQUEST_STATUS.UNASSIGNED;
  }
  if (added) request.assigned_at = at.toISOString();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `dd/mm/yyyy, hh:mm:ss Name: text` lines joined by CRLF (UTC), as the real server stores on close. */
function transcriptOf(messages: MessageDoc[]): string {
  return messages.map((message) => {
    const d = new Date(message.createdAt);
    const stamp = `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, `
      + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${stamp} ${message.senderFullname}: ${message.text ?? ''}`;
  }).join('\r\n');
}

/**
 * Conversations (requests) and their messages: every state change of §4/§5 of the protocol, persisted in one
 * transaction and then announced on the event bus (realtime publishes and webhooks listen there).
 */
export class Conversations {
  readonly #store: Store;
  readonly #events: EventBus;
  readonly #now: () => Date;

  /** `now` lets the seed write a past history through the same code paths. */
  constructor(store: Store, events: EventBus, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#events = events;
    this.#now = now;
  }

  find(projectId: string, requestId: string): RequestDoc | undefined {
    return this.#store.requests.findOne('id_project = ? AND request_id = ?', [projectId, requestId]);
  }

  messages(projectId: string, requestId: string, limit?: number): MessageDoc[] {
    return this.#store.messages.find('id_project = ? AND recipient = ?', [projectId, requestId], {
      order: 'created_at, rowid',
      ...(limit === undefined ? {} : { limit }),
    });
  }

  department(projectId: string, departmentId: string | undefined): DepartmentDoc | undefined {
    const chosen = departmentId ? this.#store.departments.get(departmentId) : undefined;
    return chosen?.id_project === projectId ? chosen : defaultDepartment(this.#store, projectId);
  }

  /** Creates and routes an empty conversation (`POST /requests`). */
  open(input: NewConversation): RequestDoc {
    return this.#open(input).request;
  }

  /** Creates and routes a conversation with its first message (a send to a new `request_id`). */
  openWithMessage(input: NewConversation, first: MessageInput): { request: RequestDoc; message: MessageDoc } {
    const { request, message } = this.#open(input, first);
    if (!message) throw new Error('first message not stored');
    return { request, message };
  }

  #open(input: NewConversation, first?: MessageInput): { request: RequestDoc; message: MessageDoc | undefined } {
    const at = this.#now();
    const { project } = input;
    const department = this.department(project._id, input.departmentId);
    const { request, message, changed } = this.#store.tx(() => {
      let lead = this.#store.leads.findOne('id_project = ? AND lead_id = ?', [project._id, input.lead.id]);
      if (!lead) lead = this.#store.leads.insert(buildLead(project._id, input.lead, at));
      const routed = routeConversation(this.#store, project, department);
      const request = this.#buildRequest(input, department, lead, routed.agents, routed.availableAgentsCount, at);
      applyParticipants(request, input.participants?.length ? input.participants : routed.participants, at);
      this.#store.requests.insert(request);
      const message = first ? this.#store.messages.insert(buildMessage(project._id, request.request_id, first, at)) : undefined;
      return { request, message, changed: recountAssigned(this.#store, project._id, request.participantsAgents) };
    });
    this.#events.emit({ type: 'request.create', request });
    if (message) this.#events.emit({ type: 'message.create', message, request });
    this.#announceProjectUsers(changed);
    return { request, message };
  }

  #buildRequest(
    input: NewConversation, department: DepartmentDoc | undefined, lead: LeadDoc, agents: ProjectUserDoc[],
    availableAgentsCount: number, at: Date,
  ): RequestDoc {
    const iso = at.toISOString();
    const projectId = input.project._id;
    const channel = input.channel ?? { name: 'chat21' };
    return compact<RequestDoc>({
      status: REQUEST_STATUS.UNASSIGNED,
      preflight: false,
      hasBot: false,
      participants: [],
      priority: input.priority ?? 'medium',
      followers: input.followers ?? [],
      participantsAgents: [],
      participantsBots: [],
      _id: newObjectId(at),
      request_id: input.requestId ?? `support-group-${projectId}-${newUuid().replaceAll('-', '')}`,
      requester: input.requester._id,
      lead: lead._id,
      first_text: input.firstText,
      department: department?._id,
      sourcePage: input.sourcePage,
      language: input.language,
      userAgent: input.userAgent,
      attributes: input.attributes,
      id_project: projectId,
      createdBy: input.createdBy,
      channel,
      tags: [],
      notes: [],
      createdAt: iso,
      snapshot: compact({ department, availableAgentsCount, requester: input.requester, lead, agents }),
      channelOutbound: channel,
      smartAssignment: true,
      updatedAt: iso,
      ticket_id: this.#store.nextSequence(`ticket:${projectId}`),
      __v: 0,
      subject: input.subject,
      location: input.location,
    });
  }

  /** A message on an existing conversation: stored, copied to `attributes.last_message`, first response tracked. */
  post(request: RequestDoc, input: MessageInput, explicitSender: boolean): { message: MessageDoc; request: RequestDoc } {
    const at = this.#now();
    const next = structuredClone(request);
    let updated = false;
    const message = buildMessage(request.id_project, request.request_id, input, at);
    next.attributes = { ...next.attributes, last_message: message };
    if (explicitSender && !next.first_response_at && next.participants.includes(input.sender)) {
      next.first_response_at = at.toISOString();
      next.waiting_time = at.getTime() - Date.parse(next.createdAt);
      updated = true;
    }
    if (next.workingStatus === 'pending' && input.sender === this.#store.leads.get(next.lead)?.lead_id) {
      next.workingStatus = 'open';
      updated = true;
    }
    next.updatedAt = at.toISOString();
    this.#store.tx(() => {
      this.#store.messages.insert(message);
      this.#store.requests.replace(next);
    });
    this.#events.emit({ type: 'message.create', message, request: next });
    if (updated) this.#events.emit({ type: 'request.update', request: next });
    return { message, request: next };
  }

  /** `messages/multi`: saved one after the other, no `last_message`, no request update. */
  postMany(request: RequestDoc, inputs: MessageInput[]): MessageDoc[] {
    const at = this.#now();
    const messages = inputs.map((input) => buildMessage(request.id_project, request.request_id, input, at));
    this.#store.tx(() => messages.forEach((message) => this.#store.messages.insert(message)));
    for (const message of messages) this.#events.emit({ type: 'message.create', message, request });
    return messages;
  }

  addParticipant(request: RequestDoc, member: string): RequestDoc {
    return this.#update(request, (next, at) => applyParticipants(next, [...next.participants, member], at), { announceAssignment: true });
  }

  setParticipants(request: RequestDoc, members: string[]): RequestDoc {
    return this.#update(request, (next, at) => applyParticipants(next, members, at), { announceAssignment: true });
  }

  removeParticipant(request: RequestDoc, member: string): RequestDoc {
    return this.#update(request, (next, at) => {
      if (!next.participants.includes(member)) return;
      const projectUser = this.#store.projectUsers.findOne('id_project = ? AND (id_user = ? OR uuid_user = ?)', [next.id_project, member, member]);
      if (projectUser) {
        const abandoned = (next.attributes?.abandoned_by_project_users ?? {}) as JsonObject;
        next.attributes = { ...next.attributes, abandoned_by_project_users: { ...abandoned, [projectUser._id]: at.getTime() } };
      }
      applyParticipants(next, next.participants.filter((m) => m !== member), at);
    });
  }

  close(request: RequestDoc, closedBy: string, force: boolean): RequestDoc {
    if (request.status === REQUEST_STATUS.CLOSED && !force) return request;
    const messages = this.messages(request.id_project, request.request_id);
    const transcript = transcriptOf(messages);
    return this.#update(request, (next, at) => {
      next.status = REQUEST_STATUS.CLOSED;
      next.transcript = transcript;
      next.duration = at.getTime() - Date.parse(next.createdAt);
      next.closed_by = closedBy;
      next.closed_at = at.toISOString();
    }, { closing: messages, notice: CHAT_CLOSED });
  }

  reopen(request: RequestDoc): RequestDoc {
    if (request.status !== REQUEST_STATUS.CLOSED) return request;
    return this.#update(request, (next) => {
      next.status = next.participants.length > 0 ? REQUEST_STATUS.ASSIGNED : REQUEST_STATUS.UNASSIGNED;
    }, { notice: CHAT_REOPENED });
  }

  /** Moves the conversation to a department and routes it again there (`PUT /departments`, `PUT /assign`). */
  reroute(request: RequestDoc, department: DepartmentDoc): RequestDoc {
    const project = this.#store.projects.get(request.id_project);
    if (!project) return request;
    return this.#update(request, (next, at) => {
      const routed = routeConversation(this.#store, project, department);
      next.department = department._id;
      applyParticipants(next, routed.participants, at);
    }, { announceAssignment: true });
  }

  patch(request: RequestDoc, changes: Partial<RequestDoc>): RequestDoc {
    return this.#update(request, (next) => Object.assign(next, changes));
  }

  patchAttributes(request: RequestDoc, attributes: JsonObject): RequestDoc {
    return this.#update(request, (next) => {
      next.attributes = { ...next.attributes, ...attributes };
    });
  }

  addNote(request: RequestDoc, text: string, createdBy: string): RequestDoc {
    return this.#update(request, (next, at) => {
      const iso = at.toISOString();
      next.notes = [...next.notes, { _id: newObjectId(at), text, createdBy, updatedAt: iso, createdAt: iso }];
    });
  }

  deleteNote(request: RequestDoc, noteId: string): RequestDoc {
    return this.#update(request, (next) => {
      next.notes = next.notes.filter((note) => note._id !== noteId);
    });
  }

  addTags(request: RequestDoc, tags: { tag: string; color?: string }[]): RequestDoc {
    return this.#update(request, (next, at) => {
      for (const { tag, color } of tags) {
        if (next.tags.some((existing) => existing.tag === tag)) continue;
        next.tags = [...next.tags, compact<TagDoc>({ _id: newObjectId(at), tag, color })];
      }
    });
  }

  deleteTag(request: RequestDoc, tagId: string): RequestDoc {
    return this.#update(request, (next) => {
      next.tags = next.tags.filter((tag) => tag._id !== tagId);
    });
  }

  /** Deletes the conversation and its messages; like the real server nothing is published about it. */
  delete(request: RequestDoc): void {
    const changed = this.#store.tx(() => {
      this.#store.messages.deleteWhere('id_project = ? AND recipient = ?', [request.id_project, request.request_id]);
      this.#store.requests.delete(request._id);
      return recountAssigned(this.#store, request.id_project, request.participantsAgents);
    });
    this.#announceProjectUsers(changed);
  }

  #update(request: RequestDoc, mutate: (next: RequestDoc, at: Date) => void, options: UpdateOptions = {}): RequestDoc {
    const at = this.#now();
    const next = structuredClone(request);
    mutate(next, at);
    next.updatedAt = at.toISOString();
    if (next.participants.join() !== request.participants.join()) next.__v += 1;
    const newcomers = next.participantsAgents.filter((member) => !request.participantsAgents.includes(member));
    const { notices, changed } = this.#store.tx(() => {
      this.#store.requests.replace(next);
      const notices: MessageDoc[] = [];
      if (options.announceAssignment && newcomers.length > 0) {
        notices.push(this.#systemMessage(next, {
          text: `A new support request has been assigned to you: ${next.first_text.slice(0, 30)}`,
          attributes: {
            subtype: 'info', updateconversation: true, updateconversationfor: newcomers, forcenotification: true,
            messagelabel: { key: 'TOUCHING_OPERATOR' },
          },
        }, at));
      }
      if (options.notice) notices.push(this.#systemMessage(next, options.notice, at));
      const affected = [...request.participantsAgents, ...next.participantsAgents];
      return { notices, changed: recountAssigned(this.#store, next.id_project, affected) };
    });
    this.#events.emit({ type: 'request.update', request: next });
    if (options.closing) this.#events.emit({ type: 'request.close', request: next, messages: options.closing });
    for (const message of notices) this.#events.emit({ type: 'message.create', message, request: next });
    this.#announceProjectUsers(changed);
    return next;
  }

  /**
   * Server notices (`sender: "system"`, `senderFullname: "Bot"`). `metadata` carries the request language as the
   * real server's conciergeBot does (an argument-order bug there; reproduced so clients meet the same shape).
   */
  #systemMessage(request: RequestDoc, notice: SystemNotice, at: Date): MessageDoc {
    return this.#store.messages.insert(buildMessage(request.id_project, request.request_id, {
      sender: 'system',
      senderFullname: 'Bot',
      createdBy: 'system',
      text: notice.text,
      metadata: request.language,
      attributes: notice.attributes,
    }, at));
  }

  #announceProjectUsers(changed: ProjectUserDoc[]): void {
    for (const projectUser of changed) this.#events.emit({ type: 'project_user.update', projectUser });
  }
}
