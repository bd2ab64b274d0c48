import type { Store } from '../store/store.ts';
import type { ProjectDoc, ProjectUserDoc, RequestDoc, Role } from '../store/types.ts';
import { ROLES } from '../store/types.ts';

/** Rank of a role in `owner > admin > supervisor > agent > teammate > user > guest`; custom roles rank as agent. */
function roleRank(role: string): number {
  const index = ROLES.indexOf(role as Role);
  return index >= 0 ? index : ROLES.indexOf('agent');
}

export function hasRole(projectUser: ProjectUserDoc, required: Role): boolean {
  return roleRank(projectUser.role) >= roleRank(required);
}

/**
 * `number_assigned_requests >= limit`, where the limit is the agent's own `max_assigned_chat` or, when the
 * project turned `chat_limit_on`, `settings.max_agent_assigned_chat`. No limit → never busy.
 */
export function isBusy(projectUser: ProjectUserDoc, project: ProjectDoc | undefined): boolean {
  const personal = projectUser.max_assigned_chat;
  const settings = project?.settings;
  const limit = typeof personal === 'number' && personal >= 0
    ? personal
    : settings?.chat_limit_on ? settings.max_agent_assigned_chat : undefined;
  return typeof limit === 'number' && projectUser.number_assigned_requests >= limit;
}

/** Active, non-trashed team members (roleType 1) of a project, oldest first. */
export function teamMembers(store: Store, projectId: string): ProjectUserDoc[] {
  return store.projectUsers.find('id_project = ? AND role_type = 1 AND active = 1', [projectId], { order: 'created_at, rowid' });
}

export function memberByUser(store: Store, projectId: string, userId: string): ProjectUserDoc | undefined {
  return store.projectUsers.findOne('id_project = ? AND (id_user = ? OR uuid_user = ?) AND active = 1', [projectId, userId, userId]);
}

function openAssignedCount(store: Store, projectId: string, userId: string): number {
  return store.requests.count(
    "id_project = ? AND status > 50 AND status < 1000 AND EXISTS (SELECT 1 FROM json_each(doc, '$.participants') WHERE value = ?)",
    [projectId, userId],
  );
}

/**
 * Recomputes `number_assigned_requests` of the given users from the open requests they participate in and
 * saves the project_users whose count changed. Call inside the transaction that changed the requests.
 */
export function recountAssigned(store: Store, projectId: string, userIds: Iterable<string>): ProjectUserDoc[] {
  const changed: ProjectUserDoc[] = [];
  for (const userId of new Set(userIds)) {
    const projectUser = store.projectUsers.findOne('id_project = ? AND id_user = ?', [projectId, userId]);
    if (!projectUser) continue;
    const count = openAssignedCount(store, projectId, userId);
    if (count === projectUser.number_assigned_requests) continue;
    projectUser.number_assigned_requests = count;
    projectUser.updatedAt = new Date().toISOString();
    changed.push(store.projectUsers.replace(projectUser));
  }
  return changed;
}

/** §4.6 for one request (the same rule as `visibilityClause` in requestQuery.ts). */
export function canSeeRequest(member: ProjectUserDoc, request: RequestDoc): boolean {
  if (member.role === 'owner' || member.role === 'admin') return true;
  const userId = member.id_user ?? member.uuid_user ?? '';
  if (request.participants.includes(userId)) return true;
  return member.role === 'agent' && (request.snapshot.agents ?? []).some((agent) => agent.id_user === userId);
}
