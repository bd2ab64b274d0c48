import { addMember, createUser, emailTaken } from '../domain/accounts.ts';
import { newUuid } from '../ids.ts';
import { bodyObject, isPlainObject, optionalString, requireEmail, requireNotEmpty } from '../http/input.ts';
import { HttpError, json, ok, rejectInvalid } from '../http/reply.ts';
import { publicRoute, type Route } from '../http/router.ts';
import type { RouteDeps } from './deps.ts';

const emailRegistered = (): HttpError => new HttpError(json(403, { success: false, message: 'Email already registered' }));

/** `routes/auth.js`: sign-in, sign-up, anonymous (visitor) sign-in. There is no master password here. */
export function authRoutes({ store, views, auth }: RouteDeps): Route[] {
  return [
    publicRoute('POST', '/auth/signin', async ({ body }) => {
      const input = bodyObject(body);
      rejectInvalid([requireEmail(input, 'email'), requireNotEmpty(input, 'password')]);
      const check = await auth.checkPassword(String(input.email), String(input.password));
      if ('failure' in check) {
        const msg = check.failure === 'unknown' ? 'Authentication failed. User not found.' : 'Authentication failed. Wrong password.';
        return json(401, { success: false, msg });
      }
      return ok({ success: true, token: await auth.userToken(check.user), user: views.userSummary(check.user) });
    }),

    publicRoute('POST', '/auth/signup', async ({ body }) => {
      const input = bodyObject(body);
      rejectInvalid([
        requireEmail(input, 'email'), requireNotEmpty(input, 'password'),
        requireNotEmpty(input, 'firstname'), requireNotEmpty(input, 'lastname'),
      ]);
      const email = String(input.email);
      if (emailTaken(store, email)) throw emailRegistered();
      const phone = optionalString(input.phone);
      try {
        const user = await createUser(store, {
          email, password: String(input.password), firstname: String(input.firstname), lastname: String(input.lastname),
          ...(phone ? { phone } : {}),
        });
        return ok({ success: true, msg: 'Successfully created new user.', user });
      } catch (error) {
        // Two sign-ups racing for the same address: the unique index decides, the loser gets the usual answer.
        if (error instanceof Error && /UNIQUE/.test(error.message)) throw emailRegistered();
        throw error;
      }
    }),

    publicRoute('POST', '/auth/signinAnonymously', async ({ body }) => {
      const input = bodyObject(body);
      rejectInvalid([requireNotEmpty(input, 'id_project')]);
      const projectId = String(input.id_project);
      const project = store.projects.get(projectId);
      if (!project || project.status !== 100) throw new HttpError(json(400, { error: `Project not found with id: ${projectId}` }));
      const id = newUuid();
      const firstname = optionalString(input.firstname) || `guest#${id.slice(0, 4)}`;
      const lastname = optionalString(input.lastname);
      const email = optionalString(input.email);
      store.tx(() => addMember(store, project, { uuid: id, ...(isPlainObject(input.attributes) ? { attributes: input.attributes } : {}) }, 'guest', id));
      const guest = { id, firstname, ...(lastname !== undefined ? { lastname } : {}), ...(email !== undefined ? { email } : {}) };
      const user: Record<string, unknown> = { _id: id, firstname };
      if (lastname !== undefined) user.lastname = lastname;
      if (email !== undefined) user.email = email;
      user.id = id;
      user.fullName = `${firstname} ${lastname ?? ''}`;
      return ok({ success: true, token: await auth.guestToken(guest), user });
    }),
  ];
}
