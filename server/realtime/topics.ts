import type { Conversations } from '../domain/conversations.ts';
import { visibilityClause } from '../domain/requestQuery.ts';
import { canSeeRequest, memberByUser } from '../domain/team.ts';
import type { Views } from '../domain/views.ts';
import { isObjectId } from '../ids.ts';
import type { Store } from '../store/store.ts';

/** `WS_HISTORY_REQUESTS_LIMIT` / `WS_HISTORY_MESSAGES_LIMIT` defaults of the real server. */
const REQUESTS_SNAPSHOT_LIMIT = 100;
const MESSAGES_SNAPSHOT_LIMIT = 300;

/** A refused subscription gets no frame at all; an accepted one exactly one CREATE carrying `message`. */
export type TopicAnswer = { accepted: false } | { accepted: true; message: unknown };

const refused: TopicAnswer = { accepted: false };
const accept = (message: unknown): TopicAnswer => ({ accepted: true, message });

export interface TopicDeps {
  store: Store;
  views: Views;
  conversations: Conversations;
}

/**
 * Authorises a subscription of user `userId` and computes its snapshot, following the real server's
 * `onSubscribeCallback` rules in its order (tiledesk-protocol.md §6.4).
 */
export function subscribe({ store, views, conversations }: TopicDeps, userId: string, topic: string): TopicAnswer {
  const parts = topic.split('/');
  const projectId = parts[1] ?? '';
  const project = isObjectId(projectId) ? store.projects.get(projectId) : undefined;
  if (!project || project.status !== 100) return refused;
  const member = memberByUser(store, project._id, userId);
  const teamMember = member?.roleType === 1 ? member : undefined;

  if (topic.endsWith('/messages')) {
    const request = conversations.find(project._id, parts[3] ?? '');
    if (!teamMember || !request || !canSeeRequest(teamMember, request)) return refused;
    return accept(conversations.messages(project._id, request.request_id, MESSAGES_SNAPSHOT_LIMIT));
  }
  if (topic.endsWith('/requests')) {
    if (!teamMember) return refused;
    const visible = visibilityClause(teamMember);
    const requests = store.requests.find(
      `id_project = ? AND status > 50 AND status < 1000 AND status != 150 AND preflight = 0 AND draft = 0 AND ${visible.where}`,
      [project._id, ...visible.params],
      { order: 'updated_at DESC, rowid DESC', limit: REQUESTS_SNAPSHOT_LIMIT },
    );
    return accept(requests.map((request) => views.request(request, 'ws-list')));
  }
  if (topic.includes('/project_users/users/')) {
    const subject = parts[4] ?? '';
    const target = store.projectUsers.findOne('id_project = ? AND (id_user = ? OR uuid_user = ?)', [project._id, subject, subject]);
    if (!member || !target) return refused;
    return accept(views.projectUser(target, { busy: true }));
  }
  if (topic.includes('/project_users/')) {
    const own = store.projectUsers.get(parts[3] ?? '');
    if (!teamMember || own?._id !== teamMember._id) return refused;
    return accept(views.projectUser(own, { busy: true }));
  }
  // Events and bots are not modelled here: their topics are accepted (no check, as on the real server) and stay quiet.
  if (topic.includes('/events/')) return accept([]);
  if (topic.includes('/bots/')) return accept(null);

  if (!teamMember) return refused;
  const request = conversations.find(project._id, parts[3] ?? '');
  return accept(request && canSeeRequest(teamMember, request) ? views.request(request, 'detail') : null);
}
