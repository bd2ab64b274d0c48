import type { Store } from '../store/store.ts';
import type { DepartmentDoc, ProjectDoc, ProjectUserDoc, RequestDoc } from '../store/types.ts';
import { isBusy, teamMembers } from './team.ts';

export interface RoutingResult {
  /** The user ids the conversation is assigned to (empty: it waits in the queue with status 100). */
  participants: string[];
  /** Team members eligible for the department at routing time (stored as `snapshot.agents`). */
  agents: ProjectUserDoc[];
  availableAgentsCount: number;
}

export function defaultDepartment(store: Store, projectId: string): DepartmentDoc | undefined {
  return store.departments.findOne('id_project = ? AND is_default = 1', [projectId])
    ?? store.departments.findOne('id_project = ?', [projectId], { order: 'created_at' });
}

/**
 * Picks the agent for a conversation the way the department says:
 * - `assigned`: an available, non-busy agent with the fewest open conversations; ties are broken round-robin,
 *   starting after the agent who got the department's latest assignment;
 * - `fixed`: the department's `id_operator` when available and not busy;
 * - `pooled`: nobody, the conversation stays in the queue.
 */
export function routeConversation(store: Store, project: ProjectDoc, department: DepartmentDoc | undefined): RoutingResult {
  const agents = teamMembers(store, project._id);
  const available = agents.filter((agent) => agent.user_available);
  const eligible = available.filter((agent) => agent.id_user && !isBusy(agent, project));
  const result: RoutingResult = { participants: [], agents, availableAgentsCount: available.length };
  const routing = department?.routing ?? 'assigned';
  if (routing === 'pooled' || eligible.length === 0) return result;
  if (routing === 'fixed') {
    const operator = eligible.find((agent) => agent.id_user === department?.id_operator);
    if (operator?.id_user) result.participants = [operator.id_user];
    return result;
  }
  const last = lastAssignee(store, project._id, department?._id);
  const start = last ? eligible.findIndex((agent) => agent.id_user === last) + 1 : 0;
  const rotated = [...eligible.slice(start), ...eligible.slice(0, start)];
  const fewest = Math.min(...rotated.map((agent) => agent.number_assigned_requests));
  const chosen = rotated.find((agent) => agent.number_assigned_requests === fewest);
  if (chosen?.id_user) result.participants = [chosen.id_user];
  return result;
}

function lastAssignee(store: Store, projectId: string, departmentId: string | undefined): string | undefined {
  const latest: RequestDoc | undefined = store.requests.findOne(
    "id_project = ? AND department IS ? AND json_array_length(doc, '$.participantsAgents') > 0",
    [projectId, departmentId ?? null],
    { order: "json_extract(doc, '$.assigned_at') DESC, rowid DESC" },
  );
  return latest?.participantsAgents[0];
}
