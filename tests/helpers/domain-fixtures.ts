/** Builders for the app's domain objects (src/shared/domain.ts): valid defaults, override what a test is about. */
import { RequestStatus, type Conversation, type Message, type TeamMember } from '../../src/shared/domain.ts';

export function makeConversation(overrides: Partial<Conversation> & { id: string }): Conversation {
  const createdAt = overrides.createdAt ?? '2026-01-10T09:00:00.000Z';
  return {
    dbId: `db-${overrides.id}`,
    ticketId: null,
    status: RequestStatus.assigned,
    subject: null,
    firstText: 'Hello, I need help',
    participants: ['me'],
    eligibleAgents: [],
    departmentId: null,
    departmentName: null,
    channel: 'chat21',
    visitor: { id: `visitor-${overrides.id}`, name: 'Anna Rossi', email: null, attributes: {} },
    sourcePage: null,
    language: 'en',
    userAgent: null,
    tags: [],
    notes: [],
    lastMessage: null,
    createdAt,
    updatedAt: createdAt,
    assignedAt: null,
    closedAt: null,
    closedBy: null,
    unreadCount: 0,
    ...overrides,
  };
}

export function makeMessage(overrides: Partial<Message> & { id: string; conversationId: string }): Message {
  const createdAt = overrides.createdAt ?? '2026-01-10T09:00:00.000Z';
  return {
    clientId: null,
    sender: 'visitor-1',
    senderFullname: 'Anna Rossi',
    author: 'visitor',
    type: 'text',
    text: 'Hello',
    metadata: null,
    attributes: {},
    createdAt,
    sortKey: Date.parse(createdAt),
    delivery: 'sent',
    deliveryError: null,
    ...overrides,
  };
}

export function makeTeamMember(overrides: Partial<TeamMember> & { userId: string }): TeamMember {
  return {
    projectUserId: `pu-${overrides.userId}`,
    name: 'Agent',
    email: `${overrides.userId}@demo.test`,
    role: 'agent',
    available: true,
    profileStatus: 'available',
    isBusy: false,
    assignedCount: 0,
    ...overrides,
  };
}
