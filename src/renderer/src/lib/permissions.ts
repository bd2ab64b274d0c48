/** What the agent may do with a conversation, mirroring the server's rules (protocol §4.5). */
import type { Conversation, SessionState } from '../../../shared/domain.ts';
import { isClosed, isQueued } from './ordering.ts';

export type ReplyBlock = 'expired' | 'closed' | 'queued' | 'notMine';

/** Why the composer is disabled, or null when the agent can reply. */
export function replyBlock(conversation: Conversation, myUserId: string | null, sessionStatus: SessionState['status'] | undefined): ReplyBlock | null {
  if (sessionStatus !== 'signedIn') return 'expired';
  if (isClosed(conversation)) return 'closed';
  if (myUserId && conversation.participants.includes(myUserId)) return null;
  return isQueued(conversation) ? 'queued' : 'notMine';
}

export interface ConversationPermissions {
  join: boolean;
  leave: boolean;
  close: boolean;
  reopen: boolean;
  reassign: boolean;
}

export function permissionsFor(conversation: Conversation, myUserId: string | null, isAdmin: boolean): ConversationPermissions {
  const closed = isClosed(conversation);
  const participant = myUserId !== null && conversation.participants.includes(myUserId);
  return {
    join: !closed && !participant,
    leave: !closed && participant,
    // Below admin, the server only lets participants close.
    close: !closed && (participant || isAdmin),
    reopen: closed,
    reassign: !closed,
  };
}
