/**
 * The `payload` of a test delivery: an object shaped like the one Tiledesk sends for the subscription's event
 * (protocol doc §7, §4.2, §5.2, §3.3 and the captures in webhook-deliveries.json), marked `"test": true`.
 * The project and the signed-in admin are real; the visitor and the conversation are made up, so a receiver
 * that acts on deliveries never touches a real conversation because of a test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Availability, UserSummary } from '../../../shared/domain.ts';

export interface SampleContext {
  projectId: string;
  /** The admin sending the test: the agent of the sample conversation, the subject of `project_user.update`. */
  user: UserSummary;
  projectUserId: string;
  role: string;
  availability: Availability | null;
  now: number;
}

const SAMPLE_VISITOR = 'Sample Visitor';
const SAMPLE_TEXT = 'Hello! This is a test event sent from Tiledesk Agent.';

/** The sample conversation started this long before the test, so a closed one has a plausible duration. */
const SAMPLE_AGE_MS = 5 * 60_000;

const objectId = () => randomBytes(12).toString('hex');

export function samplePayload(event: string, context: SampleContext): Record<string, unknown> {
  const conversation = sampleConversation(context);
  switch (event) {
    case 'message.create':
      return { test: true, ...conversation.firstMessage, request: conversation.request };
    case 'request.create':
    case 'request.update':
      return { test: true, ...conversation.request };
    case 'request.close':
      return { test: true, ...closed(conversation, context) };
    case 'project_user.update':
      return { test: true, ...projectUser(context) };
    default:
      // An event this app cannot create (made in the dashboard or by the API): a plain, clearly marked sample.
      return { test: true, event, id_project: context.projectId, createdAt: new Date(context.now).toISOString() };
  }
}

function sampleConversation(context: SampleContext) {
  const { projectId, user, now } = context;
  const started = new Date(now - SAMPLE_AGE_MS).toISOString();
  const iso = new Date(now).toISOString();
  const visitorId = randomUUID();
  const requestId = `support-group-${projectId}-${randomUUID().replaceAll('-', '')}`;
  const requestObjectId = objectId();
  const departmentId = objectId();
  const leadId = objectId();
  const requesterId = objectId();
  const requester = {
    _id: requesterId, id_project: projectId, uuid_user: visitorId, role: 'guest', roleType: 2, user_available: true,
    number_assigned_requests: 0, permissions: [], status: 'active', trashed: false, tags: [], createdBy: visitorId,
    createdAt: started, updatedAt: started, __v: 0, isAuthenticated: false, id: requesterId,
  };
  const request = {
    status: 200,
    preflight: false,
    hasBot: false,
    participants: [user.id],
    priority: 'medium',
    followers: [],
    participantsAgents: [user.id],
    participantsBots: [],
    _id: requestObjectId,
    request_id: requestId,
    requester,
    lead: {
      tags: [], status: 100, _id: leadId, lead_id: visitorId, fullname: SAMPLE_VISITOR, email: 'sample.visitor@example.com', phone: null,
      attributes: {}, id_project: projectId, createdBy: 'system', createdAt: started, updatedAt: started, __v: 0,
    },
    first_text: SAMPLE_TEXT,
    department: {
      routing: 'assigned', default: true, status: 1, _id: departmentId, name: 'Default Department', id_project: projectId,
      groups: [], tags: [], createdAt: started, updatedAt: started, __v: 0, hasBot: false, id: departmentId,
    },
    sourcePage: 'https://example.com/',
    language: 'en',
    assigned_at: started,
    attributes: {},
    id_project: projectId,
    createdBy: visitorId,
    channel: { name: 'chat21' },
    tags: [],
    notes: [],
    createdAt: started,
    channelOutbound: { name: 'chat21' },
    updatedAt: iso,
    ticket_id: 1,
    __v: 0,
    requester_id: leadId,
    participatingAgents: [{ _id: user.id, email: user.email, firstname: user.firstname, lastname: user.lastname, status: 100 }],
    participatingBots: [],
    id: requestObjectId,
  };
  const firstMessage = {
    senderFullname: SAMPLE_VISITOR,
    type: 'text',
    channel_type: 'group',
    status: 0,
    _id: objectId(),
    sender: visitorId,
    recipient: requestId,
    text: SAMPLE_TEXT,
    id_project: projectId,
    createdBy: visitorId,
    attributes: {},
    language: 'en',
    channel: { name: 'chat21' },
    createdAt: started,
    updatedAt: started,
    __v: 0,
  };
  return { request, firstMessage };
}

function closed({ request, firstMessage }: ReturnType<typeof sampleConversation>, context: SampleContext) {
  const openedAt = Date.parse(request.createdAt);
  const closedAt = new Date(context.now).toISOString();
  const stamp = new Date(openedAt).toLocaleString('en-GB', { timeZone: 'UTC' });
  return {
    ...request,
    status: 1000,
    transcript: `${stamp} ${SAMPLE_VISITOR}: ${SAMPLE_TEXT}`,
    duration: context.now - openedAt,
    closed_by: context.user.id,
    closed_at: closedAt,
    messages: [firstMessage],
  };
}

function projectUser({ projectId, user, projectUserId, role, availability, now }: SampleContext) {
  const iso = new Date(now).toISOString();
  return {
    user_available: availability?.available ?? true,
    number_assigned_requests: availability?.assignedCount ?? 0,
    last_login_at: iso,
    permissions: [],
    status: 'active',
    trashed: false,
    _id: projectUserId,
    id_project: projectId,
    id_user: { _id: user.id, email: user.email, firstname: user.firstname, lastname: user.lastname, status: 100 },
    role,
    roleType: 1,
    tags: [],
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
    ...(availability?.profileStatus ? { profileStatus: availability.profileStatus } : {}),
    isAuthenticated: true,
    id: projectUserId,
    isBusy: availability?.isBusy ?? false,
  };
}
