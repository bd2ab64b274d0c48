/**
 * Who sees which request (protocol doc §4.6): the server filters REST lists this way, but live WebSocket
 * events reach every subscriber of `/P/requests`, so the core applies the same rule itself.
 */
import { RequestStatus, type Conversation } from '../../../shared/domain.ts';

export interface Viewer {
  userId: string;
  role: string;
  permissions: string[];
}

export function canSee(conversation: Pick<Conversation, 'participants' | 'eligibleAgents'>, viewer: Viewer): boolean {
  if (viewer.role === 'owner' || viewer.role === 'admin' || viewer.permissions.includes('request_read_all')) return true;
  if (conversation.participants.includes(viewer.userId)) return true;
  const groupReader = viewer.role === 'agent' || viewer.permissions.includes('request_read_group');
  return groupReader && conversation.eligibleAgents.includes(viewer.userId);
}

/** The open statuses the inbox shows: unassigned, assigned, served (temp and abandoned are hidden, closed is history). */
export function isOpenStatus(status: number): boolean {
  return status === RequestStatus.unassigned || status === RequestStatus.assigned || status === RequestStatus.served;
}

export function isMine(conversation: Pick<Conversation, 'participants'>, userId: string): boolean {
  return conversation.participants.includes(userId);
}

export function isQueued(conversation: Pick<Conversation, 'status'>): boolean {
  return conversation.status === RequestStatus.unassigned;
}
