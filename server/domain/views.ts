import type { Store } from '../store/store.ts';
import type {
  DepartmentDoc, JsonObject, MessageDoc, ProjectDoc, ProjectUserDoc, RequestDoc, RequestSnapshot, UserDoc,
} from '../store/types.ts';
import { isBusy } from './team.ts';

/**
 * The wire variants of the stored documents (tiledesk-protocol.md §4.2, §6.5, §12):
 * - `rest`: populated like `GET /requests/:id` (virtuals `id`, `requester_id`, nested `isAuthenticated`/`hasBot`);
 *   `snapshot.agents` is left out as a production MongoDB does (`select: false`).
 * - `rest-ids`: `no_populate` list items (ids instead of objects).
 * - `created`: the unpopulated `POST /requests` response.
 * - `detail`: populated, with the full `snapshot.agents` (WS `/P/requests/R` snapshot and live CREATE, webhooks).
 * - `ws-list`: `/P/requests` snapshot items: ids, snapshot copies without virtuals, agents reduced to `{id_user}`.
 * - `ws-update`: live UPDATE: populated without nested virtuals, snapshot replaced by the reduced agents.
 * - `lean`: the `request` embedded in a live message CREATE: populated, no virtuals at all.
 */
export type RequestView = 'rest' | 'rest-ids' | 'created' | 'detail' | 'ws-list' | 'ws-update' | 'lean';

export type ProjectUserUserView = 'id' | 'user' | 'name';

const DAY_MS = 86_400_000;

export class Views {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  project(project: ProjectDoc): JsonObject {
    const trialEnd = Date.parse(project.createdAt) + project.profile.trialDays * DAY_MS;
    return {
      ...project,
      // A local server never expires a trial; trialDaysLeft keeps the real server's (negative-while-running) arithmetic.
      trialExpired: false,
      trialDaysLeft: Math.floor((Date.now() - trialEnd) / DAY_MS),
      isActiveSubscription: false,
      id: project._id,
    };
  }

  /** `_id, email, firstname, lastname, emailverified`: the projection of sign-in responses, tokens and `GET /users`. */
  userSummary(user: UserDoc): JsonObject {
    return { _id: user._id, email: user.email, firstname: user.firstname, lastname: user.lastname, emailverified: user.emailverified };
  }

  projectUser(projectUser: ProjectUserDoc, options: { user?: ProjectUserUserView; busy?: boolean } = {}): JsonObject {
    const out: JsonObject = { ...projectUser };
    if (projectUser.id_user && options.user && options.user !== 'id') {
      const user = this.#store.users.get(projectUser.id_user);
      out.id_user = user
        ? options.user === 'user' ? user : { _id: user._id, firstname: user.firstname, lastname: user.lastname }
        : null;
    }
    out.isAuthenticated = projectUser.role !== 'guest';
    out.id = projectUser._id;
    if (options.busy) out.isBusy = isBusy(projectUser, this.#store.projects.get(projectUser.id_project));
    return out;
  }

  department(department: DepartmentDoc): JsonObject {
    return { ...department, hasBot: Boolean(department.id_bot), id: department._id };
  }

  message(message: MessageDoc, request?: RequestDoc, view: RequestView = 'rest'): JsonObject {
    return request ? { ...message, request: this.request(request, view) } : { ...message };
  }

  request(request: RequestDoc, view: RequestView): JsonObject {
    switch (view) {
      case 'rest':
        return this.#populated(request, { virtuals: true, snapshot: this.#snapshot(request.snapshot, true, 'none') });
      case 'detail':
        return this.#populated(request, { virtuals: true, snapshot: this.#snapshot(request.snapshot, true, 'full') });
      case 'ws-update':
        return this.#populated(request, { virtuals: false, topVirtuals: true, snapshot: { agents: this.#reducedAgents(request) } });
      case 'lean':
        return this.#populated(request, { virtuals: false, topVirtuals: false, snapshot: this.#snapshot(request.snapshot, false, 'full') });
      case 'rest-ids':
        return { ...request, snapshot: this.#snapshot(request.snapshot, true, 'none'), requester_id: request.lead, id: request._id };
      case 'created':
        return {
          ...request, snapshot: this.#snapshot(request.snapshot, true, 'none'), requester_id: request.lead, participatingBots: [],
          id: request._id,
        };
      case 'ws-list': {
        const { department, availableAgentsCount, requester, lead } = request.snapshot;
        const snapshot: JsonObject = { department, availableAgentsCount, lead };
        if (requester) snapshot.requester = { ...requester, isAuthenticated: requester.role !== 'guest' };
        snapshot.agents = this.#reducedAgents(request);
        return { ...request, snapshot, id: request._id, requester_id: request.lead };
      }
    }
  }

  #reducedAgents(request: RequestDoc): { id_user: string | undefined }[] {
    return (request.snapshot.agents ?? []).map((agent) => ({ id_user: agent.id_user }));
  }

  #snapshot(snapshot: RequestSnapshot, virtuals: boolean, agents: 'none' | 'full'): JsonObject {
    const out: JsonObject = { ...snapshot };
    if (virtuals) {
      if (snapshot.department) out.department = this.department(snapshot.department);
      if (snapshot.requester) out.requester = this.projectUser(snapshot.requester);
      if (snapshot.agents) out.agents = snapshot.agents.map((agent) => this.projectUser(agent));
    }
    if (agents === 'none') delete out.agents;
    return out;
  }

  #populated(request: RequestDoc, options: { virtuals: boolean; topVirtuals?: boolean; snapshot: JsonObject }): JsonObject {
    const topVirtuals = options.topVirtuals ?? options.virtuals;
    const requester = this.#store.projectUsers.get(request.requester);
    const department = request.department ? this.#store.departments.get(request.department) : undefined;
    const out: JsonObject = {
      ...request,
      requester: requester ? this.#requester(requester, options.virtuals) : null,
      lead: this.#store.leads.get(request.lead) ?? null,
      snapshot: options.snapshot,
    };
    if (request.department !== undefined) {
      out.department = department ? (options.virtuals ? this.department(department) : department) : null;
    }
    if (topVirtuals) out.requester_id = request.lead;
    out.participatingAgents = request.participantsAgents.flatMap((userId) => this.#store.users.get(userId) ?? []);
    out.participatingBots = [];
    if (topVirtuals) out.id = request._id;
    return out;
  }

  #requester(projectUser: ProjectUserDoc, virtuals: boolean): JsonObject {
    const out: JsonObject = virtuals ? this.projectUser(projectUser) : { ...projectUser };
    if (projectUser.id_user) out.id_user = this.#store.users.get(projectUser.id_user) ?? null;
    return out;
  }
}
