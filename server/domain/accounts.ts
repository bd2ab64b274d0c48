import { newObjectId } from '../ids.ts';
import type { Store } from '../store/store.ts';
import type { DepartmentDoc, JsonObject, ProjectDoc, ProjectSettings, ProjectUserDoc, Routing, UserDoc } from '../store/types.ts';
import { compact } from './compact.ts';
import { hashPassword } from './passwords.ts';

export interface NewUser {
  email: string;
  password: string;
  firstname: string;
  lastname: string;
  phone?: string;
}

/** Creates the user and turns pending invitations for the e-mail into memberships (as sign-up does). */
export async function createUser(store: Store, input: NewUser, at = new Date()): Promise<UserDoc> {
  const hash = await hashPassword(input.password);
  const iso = at.toISOString();
  const user = compact<UserDoc>({
    status: 100,
    _id: newObjectId(at),
    email: input.email.toLowerCase(),
    firstname: input.firstname,
    lastname: input.lastname,
    emailverified: false,
    phone: input.phone,
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  });
  store.tx(() => {
    store.users.insert(user);
    store.setPasswordHash(user._id, hash);
    for (const invitation of store.invitations.find('email = ?', [user.email])) {
      const project = store.projects.get(invitation.id_project);
      if (project) addMember(store, project, { userId: user._id }, invitation.role, invitation.createdBy, at);
      store.invitations.delete(invitation._id);
    }
  });
  return user;
}

export function emailTaken(store: Store, email: string): boolean {
  return store.users.count('email = ?', [email.toLowerCase()]) > 0;
}

export function addMember(
  store: Store, project: ProjectDoc, who: { userId: string } | { uuid: string; attributes?: JsonObject },
  role: string, createdBy: string, at = new Date(),
): ProjectUserDoc {
  const iso = at.toISOString();
  const guest = 'uuid' in who;
  return store.projectUsers.insert(compact<ProjectUserDoc>({
    user_available: true,
    number_assigned_requests: 0,
    last_login_at: iso,
    permissions: [],
    status: 'active',
    trashed: false,
    _id: newObjectId(at),
    id_project: project._id,
    id_user: guest ? undefined : who.userId,
    uuid_user: guest ? who.uuid : undefined,
    role,
    roleType: guest ? 2 : 1,
    createdBy,
    tags: [],
    attributes: guest ? who.attributes : undefined,
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  }));
}

export function createDepartment(
  store: Store, projectId: string, fields: { name: string; routing?: Routing; default?: boolean; description?: string },
  createdBy: string, at = new Date(),
): DepartmentDoc {
  const iso = at.toISOString();
  return store.departments.insert(compact<DepartmentDoc>({
    routing: fields.routing ?? 'assigned',
    default: fields.default ?? false,
    status: 1,
    _id: newObjectId(at),
    name: fields.name,
    description: fields.description,
    id_project: projectId,
    createdBy,
    groups: [],
    tags: [],
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  }));
}

/** A project with its owner membership and the "Default Department" (routing `assigned`), as `POST /projects`. */
export function createProject(store: Store, name: string, owner: UserDoc, at = new Date(), settings?: ProjectSettings): ProjectDoc {
  const iso = at.toISOString();
  const project = compact<ProjectDoc>({
    status: 100,
    ipFilterEnabled: false,
    ipFilter: [],
    ipFilterDenyEnabled: false,
    ipFilterDeny: [],
    _id: newObjectId(at),
    name,
    activeOperatingHours: false,
    createdBy: owner._id,
    profile: { trialDays: 14, name: 'Sandbox', agents: 0, type: 'free' },
    versions: 20115,
    channels: [{ name: 'chat21' }],
    bannedUsers: [],
    settings,
    createdAt: iso,
    updatedAt: iso,
    __v: 0,
  });
  store.tx(() => {
    store.projects.insert(project);
    addMember(store, project, { userId: owner._id }, 'owner', owner._id, at);
    createDepartment(store, project._id, { name: 'Default Department', routing: 'assigned', default: true }, owner._id, at);
  });
  return project;
}
