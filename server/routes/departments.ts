import { createDepartment } from '../domain/accounts.ts';
import { routeConversation } from '../domain/routing.ts';
import { bodyObject, optionalBoolean, optionalString, requireNotEmpty } from '../http/input.ts';
import { HttpError, invalidField, json, notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type MemberContext, type Route } from '../http/router.ts';
import type { DepartmentDoc, JsonObject, Routing } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

const ROUTINGS: Routing[] = ['assigned', 'pooled', 'fixed'];

/** `routes/department.js`, mounted at `/:project_id/departments`. */
export function departmentRoutes({ store, views }: RouteDeps): Route[] {
  const load = (ctx: MemberContext): DepartmentDoc => {
    const department = store.departments.get(ctx.params.department_id ?? '');
    if (!department || department.id_project !== ctx.project._id) throw notFound();
    return department;
  };

  const routingOf = (input: JsonObject) => {
    const routing = optionalString(input.routing);
    rejectInvalid([routing === undefined || ROUTINGS.includes(routing as Routing) ? undefined : invalidField('routing', input.routing)]);
    return routing as Routing | undefined;
  };

  /** Keeps exactly one default department per project. */
  const clearOtherDefaults = (projectId: string, keep: string): void => {
    for (const other of store.departments.find('id_project = ? AND is_default = 1 AND id != ?', [projectId, keep])) {
      store.departments.replace({ ...other, default: false, updatedAt: new Date().toISOString() });
    }
  };

  return [
    memberRoute('GET', '/departments/allstatus', 'agent', ({ project }) =>
      ok(store.departments.find('id_project = ?', [project._id], { order: 'created_at, rowid' }).map((d) => views.department(d)))),

    memberRoute('GET', '/departments/:department_id/operators', 'agent', (ctx) => {
      const department = load(ctx);
      const routed = routeConversation(store, ctx.project, department);
      return ok({
        id_project: ctx.project._id,
        department: views.department(department),
        available_agents: routed.agents.filter((agent) => agent.user_available).map((agent) => views.projectUser(agent, { busy: true })),
        agents: routed.agents.map((agent) => views.projectUser(agent, { busy: true })),
        operators: routed.participants.map((id_user) => ({ id_user })),
      });
    }),

    memberRoute('POST', '/departments', 'admin', ({ project, identity, body }) => {
      const input = bodyObject(body);
      rejectInvalid([requireNotEmpty(input, 'name')]);
      const routing = routingOf(input);
      const isDefault = optionalBoolean(input.default) ?? false;
      const description = optionalString(input.description);
      const department = store.tx(() => {
        const created = createDepartment(store, project._id, {
          name: String(input.name), default: isDefault,
          ...(routing ? { routing } : {}), ...(description !== undefined ? { description } : {}),
        }, identity.id);
        if (isDefault) clearOtherDefaults(project._id, created._id);
        return created;
      });
      return ok(views.department(department));
    }),

    memberRoute('PUT', '/departments/:department_id', 'admin', (ctx) => {
      const department = load(ctx);
      const input = bodyObject(ctx.body);
      const next: DepartmentDoc = { ...department, updatedAt: new Date().toISOString() };
      const name = optionalString(input.name);
      if (name) next.name = name;
      const routing = routingOf(input);
      if (routing) next.routing = routing;
      const description = optionalString(input.description);
      if (description !== undefined) next.description = description;
      const isDefault = optionalBoolean(input.default);
      if (isDefault !== undefined) next.default = isDefault;
      const operator = optionalString(input.id_operator);
      if (operator !== undefined) next.id_operator = operator;
      store.tx(() => {
        store.departments.replace(next);
        if (next.default) clearOtherDefaults(ctx.project._id, next._id);
      });
      return ok(views.department(next));
    }),

    memberRoute('DELETE', '/departments/:department_id', 'admin', (ctx) => {
      const department = load(ctx);
      // Conversations without a department fall back to the default one, so it has to stay.
      if (department.default) throw new HttpError(json(400, { success: false, msg: 'The default department cannot be deleted.' }));
      store.tx(() => store.departments.delete(department._id));
      return ok(views.department(department));
    }),
  ];
}
