import { createProject } from '../domain/accounts.ts';
import { isBusy, teamMembers } from '../domain/team.ts';
import { isObjectId } from '../ids.ts';
import { bodyObject, requireNotEmpty } from '../http/input.ts';
import { missingRole, ok, rejectInvalid } from '../http/reply.ts';
import { authenticatedRoute, memberRoute, publicRoute, type Route } from '../http/router.ts';
import type { ProjectDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

/** `routes/project.js` and `routes/users.js`: the signed-in user's projects and profile. */
export function projectRoutes({ store, views }: RouteDeps): Route[] {
  return [
    publicRoute('GET', '/', () => ({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: 'Tiledesk-compatible local server. See server/README.md for the API it implements.',
    })),

    authenticatedRoute('GET', '/users', ({ identity }) => {
      if (identity.kind !== 'user') throw missingRole();
      return ok(views.userSummary(identity.user));
    }),

    authenticatedRoute('GET', '/projects', ({ identity }) => {
      if (identity.kind !== 'user') return ok([]);
      const rows = store.projectUsers
        .find('id_user = ? AND role_type = 1 AND active = 1', [identity.id])
        .flatMap((member) => {
          const project = store.projects.get(member.id_project);
          return project && project.status === 100 ? [{ member, project }] : [];
        })
        .sort((a, b) => b.project.updatedAt.localeCompare(a.project.updatedAt));
      return ok(rows.map(({ member, project }) => ({ ...views.projectUser(member), id_project: views.project(project) })));
    }),

    authenticatedRoute('POST', '/projects', ({ identity, body }) => {
      if (identity.kind !== 'user') throw missingRole();
      const input = bodyObject(body);
      rejectInvalid([requireNotEmpty(input, 'name')]);
      return ok(views.project(createProject(store, String(input.name), identity.user)));
    }),

    memberRoute('GET', '/projects/:project_id', 'agent', ({ project }) => ok(views.project(project)), 'project_id'),

    // Public, as on the real server (the widget asks it before sign-in). Operating hours are not modelled, so
    // the project is always open; `?department=` is accepted but departments have no agent groups here.
    publicRoute('GET', '/projects/:project_id/users/availables', ({ params }) => {
      const project: ProjectDoc | undefined = isObjectId(params.project_id) ? store.projects.get(params.project_id) : undefined;
      if (!project) return ok([]);
      const available = teamMembers(store, project._id).filter((member) => member.user_available && !isBusy(member, project));
      return ok(available.flatMap((member) => {
        const user = member.id_user ? store.users.get(member.id_user) : undefined;
        if (!user) return [];
        return [{
          id: user._id, pu_id: member._id, firstname: user.firstname, lastname: user.lastname,
          fullname: `${user.firstname} ${user.lastname}`, email: user.email,
          assigned_request: member.number_assigned_requests,
        }];
      }));
    }),
  ];
}
