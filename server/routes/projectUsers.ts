import { addMember } from '../domain/accounts.ts';
import { hasRole } from '../domain/team.ts';
import { newObjectId } from '../ids.ts';
import { bodyObject, isPlainObject, optionalBoolean, optionalNumber, optionalString, requireEmail } from '../http/input.ts';
import { HttpError, invalidField, json, missingRole, notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type Route } from '../http/router.ts';
import { ROLES, type JsonObject, type PendingInvitationDoc, type ProjectUserDoc, type Role } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

/** `routes/project_user.js`, mounted at `/:project_id/project_users`. */
export function projectUserRoutes({ store, views, events }: RouteDeps): Route[] {
  const save = (member: ProjectUserDoc, changes: Partial<ProjectUserDoc>): ProjectUserDoc => {
    const next = { ...member, ...changes, updatedAt: new Date().toISOString() };
    store.tx(() => store.projectUsers.replace(next));
    events.emit({ type: 'project_user.update', projectUser: next });
    return next;
  };

  /** The fields an agent may change on their own row (availability, status text, personal chat limit, ...). */
  const ownChanges = (input: JsonObject): Partial<ProjectUserDoc> => {
    const changes: Partial<ProjectUserDoc> = {};
    const available = optionalBoolean(input.user_available);
    if (available !== undefined) changes.user_available = available;
    if (input.profileStatus !== undefined) changes.profileStatus = optionalString(input.profileStatus) ?? '';
    const maxChats = optionalNumber(input.max_assigned_chat);
    if (maxChats !== undefined) changes.max_assigned_chat = maxChats;
    if (isPlainObject(input.attributes)) changes.attributes = input.attributes;
    if (Array.isArray(input.tags)) changes.tags = input.tags;
    if (isPlainObject(input.settings)) changes.settings = input.settings;
    return changes;
  };

  const inProject = (projectId: string, id: string): ProjectUserDoc | undefined => {
    const member = store.projectUsers.get(id);
    return member?.id_project === projectId ? member : undefined;
  };

  return [
    memberRoute('GET', '/project_users/me', 'agent', ({ member }) => ok([views.projectUser(member, { busy: true })])),

    memberRoute('GET', '/project_users', 'agent', ({ project, query }) => {
      const trashed = query.get('trashed') === 'true';
      const members = store.projectUsers
        .find('id_project = ? AND role_type = 1', [project._id], { order: 'created_at, rowid' })
        .filter((member) => member.trashed === trashed)
        .filter((member) => !query.get('role') || query.get('role')?.split(',').includes(member.role))
        .filter((member) => !query.get('status') || member.status === query.get('status'));
      return ok(members.map((member) => views.projectUser(member, { user: 'user', busy: true })));
    }),

    memberRoute('GET', '/project_users/users/:user_id', 'agent', ({ project, params }) => {
      const member = store.projectUsers.findOne('id_project = ? AND (id_user = ? OR uuid_user = ?)', [project._id, params.user_id ?? '', params.user_id ?? '']);
      if (!member) throw notFound();
      return ok([views.projectUser(member, { user: 'user', busy: true })]);
    }),

    memberRoute('GET', '/project_users/:project_user_id', 'agent', ({ project, params }) => {
      const member = inProject(project._id, params.project_user_id ?? '');
      if (!member) throw notFound();
      return ok(views.projectUser(member, { user: 'user', busy: true }));
    }),

    memberRoute('PUT', '/project_users', 'agent', ({ member, body }) =>
      ok(views.projectUser(save(member, ownChanges(bodyObject(body)))))),

    memberRoute('PUT', '/project_users/:project_user_id', 'admin', ({ project, member: caller, params, body }) => {
      const target = inProject(project._id, params.project_user_id ?? '');
      if (!target) throw notFound();
      const input = bodyObject(body);
      const changes = ownChanges(input);
      if (input.role !== undefined) {
        const role = optionalString(input.role);
        rejectInvalid([role && ROLES.includes(role as Role) && role !== 'guest' ? undefined : invalidField('role', input.role)]);
        changes.role = role;
      }
      // Only an owner may touch an owner's row or hand out the owner role.
      if ((target.role === 'owner' || changes.role === 'owner') && !hasRole(caller, 'owner')) throw missingRole();
      return ok(views.projectUser(save(target, changes)));
    }),

    memberRoute('POST', '/project_users/invite', 'admin', ({ project, identity, member: caller, body }) => {
      const input = bodyObject(body);
      const role = optionalString(input.role);
      rejectInvalid([
        requireEmail(input, 'email'),
        role && ROLES.includes(role as Role) && role !== 'guest' ? undefined : invalidField('role', input.role),
      ]);
      if (role === 'owner' && !hasRole(caller, 'owner')) throw missingRole();
      const email = String(input.email).toLowerCase();
      const user = store.users.findOne('email = ?', [email]);
      if (!user) {
        const iso = new Date().toISOString();
        const pendingInvitation: PendingInvitationDoc = {
          _id: newObjectId(), email, role: role ?? 'agent', id_project: project._id, createdBy: identity.id, createdAt: iso, updatedAt: iso, __v: 0,
        };
        store.tx(() => store.invitations.insert(pendingInvitation));
        return ok({ msg: 'User not found, save invite in pending ', pendingInvitation });
      }
      if (store.projectUsers.count('id_project = ? AND id_user = ?', [project._id, user._id]) > 0) {
        throw new HttpError(json(403, { success: false, msg: 'Forbidden. The user is already a member of the project.' }));
      }
      const created = store.tx(() => addMember(store, project, { userId: user._id }, role ?? 'agent', identity.id));
      return ok(views.projectUser(created));
    }),
  ];
}
