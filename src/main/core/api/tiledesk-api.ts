/**
 * The Tiledesk REST routes the agent app uses (protocol doc §2–§5, §7, §13), as plain functions over HttpClient.
 * Results stay wire-shaped (`unknown`) where the sync engine merges them, and are normalised where nobody else needs the raw form.
 */
import { AgentError } from '../../../shared/ipc/errors.ts';
import type { ProjectSummary, UserSummary } from '../../../shared/domain.ts';
import { HttpError, serverMessage, type HttpClient } from './http-client.ts';
import { normalizeProject, normalizeProjectUser, normalizeUser, type ProjectUserView } from './normalize.ts';
import { asArray, asNumber, asRecord, asString } from './wire-read.ts';

export interface SignInResult {
  token: string;
  user: UserSummary;
}

export interface RequestPage {
  requests: unknown[];
  count: number;
}

/** `POST /auth/signin`, with the sign-in failures told apart: wrong password, not a Tiledesk server, unreachable. */
export async function signIn(http: HttpClient, email: string, password: string): Promise<SignInResult> {
  const host = new URL(http.baseUrl).host;
  const notTiledesk = () => new AgentError('not_tiledesk', `${http.baseUrl} does not answer like a Tiledesk server (no /auth/signin API).`);
  const response = await http.send({ method: 'POST', path: '/auth/signin', body: { email, password }, auth: false, anyStatus: true });
  if (response.status === 401 && response.isJson) throw new AgentError('invalid_credentials', 'Wrong e-mail or password.');
  if (response.status === 404 || response.status === 405 || (!response.isJson && response.status < 500)) throw notTiledesk();
  if (response.status === 422) throw new AgentError('invalid_argument', `The server refused the sign-in: ${serverMessage(response.json) ?? 'invalid e-mail'}.`);
  if (response.status === 429) throw new HttpError('rate_limited', `${host} is busy (too many requests); try again in a minute.`, 429);
  if (response.status >= 500) throw new HttpError('server', `${host} failed (HTTP ${response.status}); try again later.`, response.status);
  if (response.status < 200 || response.status >= 300) throw new AgentError('invalid_argument', `Sign-in refused (HTTP ${response.status}): ${serverMessage(response.json) ?? 'no reason given'}.`);
  const body = asRecord(response.json);
  const token = asString(body?.token);
  const user = normalizeUser(body?.user);
  if (!token || !user) throw notTiledesk();
  return { token: /^jwt /i.test(token) ? token : `JWT ${token}`, user };
}

const encode = encodeURIComponent;

export function createTiledeskApi(http: HttpClient) {
  const json = http.json;
  const req = (projectId: string, requestId: string) => `/${encode(projectId)}/requests/${encode(requestId)}`;

  return {
    http,

    async projects(): Promise<ProjectSummary[]> {
      return asArray(await json({ method: 'GET', path: '/projects/' })).flatMap((row) => normalizeProject(row) ?? []);
    },

    async projectUserMe(projectId: string): Promise<ProjectUserView> {
      const rows = await json({ method: 'GET', path: `/${encode(projectId)}/project_users/me` });
      const me = normalizeProjectUser(Array.isArray(rows) ? rows[0] : rows);
      if (!me) throw new AgentError('forbidden', 'You are not a member of this project.');
      return me;
    },

    async setAvailability(projectId: string, available: boolean, profileStatus: string | undefined): Promise<ProjectUserView> {
      const body: Record<string, unknown> = { user_available: available };
      if (profileStatus !== undefined) body.profileStatus = profileStatus;
      const view = normalizeProjectUser(await json({ method: 'PUT', path: `/${encode(projectId)}/project_users/`, body }));
      if (!view) throw new HttpError('server', 'The server answered the availability change with an unexpected object.', 200);
      return view;
    },

    async teamMembers(projectId: string): Promise<unknown[]> {
      return asArray(await json({ method: 'GET', path: `/${encode(projectId)}/project_users/` }));
    },

    async listRequests(projectId: string, query: { page: number; limit: number; status?: string }): Promise<RequestPage> {
      const body = asRecord(await json({ method: 'GET', path: `/${encode(projectId)}/requests`, query }));
      return { requests: asArray(body?.requests), count: asNumber(body?.count) ?? 0 };
    },

    getRequest: (projectId: string, requestId: string) => json({ method: 'GET', path: req(projectId, requestId) }),

    async listMessages(projectId: string, requestId: string): Promise<unknown[]> {
      return asArray(await json({ method: 'GET', path: `${req(projectId, requestId)}/messages`, timeoutMs: 60_000 }));
    },

    sendMessage: (projectId: string, requestId: string, body: Record<string, unknown>) =>
      json({ method: 'POST', path: `${req(projectId, requestId)}/messages`, body }),

    async insertMessages(projectId: string, requestId: string, messages: Record<string, unknown>[]): Promise<unknown[]> {
      return asArray(await json({ method: 'POST', path: `${req(projectId, requestId)}/messages/multi`, body: messages, timeoutMs: 120_000 }));
    },

    /** `POST /:P/files/chat`, multipart field `file`; returns the stored filename. */
    async uploadChatFile(projectId: string, file: { fileName: string; mimeType: string; data: Uint8Array }): Promise<string> {
      const form = new FormData();
      form.append('file', new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.mimeType }), file.fileName);
      const body = asRecord(await json({ method: 'POST', path: `/${encode(projectId)}/files/chat`, body: form, timeoutMs: 120_000 }));
      const filename = asString(body?.filename);
      if (!filename) throw new HttpError('server', 'The server accepted the file but did not say where it stored it.', 201);
      return filename;
    },

    createRequest: (projectId: string, body: Record<string, unknown>) => json({ method: 'POST', path: `/${encode(projectId)}/requests`, body }),
    deleteRequest: (projectId: string, requestId: string) => json({ method: 'DELETE', path: req(projectId, requestId) }),
    addParticipant: (projectId: string, requestId: string, member: string) =>
      json({ method: 'POST', path: `${req(projectId, requestId)}/participants`, body: { member } }),
    removeParticipant: (projectId: string, requestId: string, userId: string) =>
      json({ method: 'DELETE', path: `${req(projectId, requestId)}/participants/${encode(userId)}` }),
    setParticipants: (projectId: string, requestId: string, userIds: string[]) =>
      json({ method: 'PUT', path: `${req(projectId, requestId)}/participants`, body: userIds }),
    close: (projectId: string, requestId: string) => json({ method: 'PUT', path: `${req(projectId, requestId)}/close`, body: {} }),
    reopen: (projectId: string, requestId: string) => json({ method: 'PUT', path: `${req(projectId, requestId)}/reopen`, body: {} }),
    moveToDepartment: (projectId: string, requestId: string, departmentId: string) =>
      json({ method: 'PUT', path: `${req(projectId, requestId)}/departments`, body: { departmentid: departmentId } }),
    addTag: (projectId: string, requestId: string, tag: { tag: string; color?: string }) =>
      json({ method: 'PUT', path: `${req(projectId, requestId)}/tag`, body: [tag] }),
    removeTag: (projectId: string, requestId: string, tagId: string) =>
      json({ method: 'DELETE', path: `${req(projectId, requestId)}/tag/${encode(tagId)}` }),
    addNote: (projectId: string, requestId: string, text: string) => json({ method: 'POST', path: `${req(projectId, requestId)}/notes`, body: { text } }),

    async departments(projectId: string): Promise<unknown[]> {
      return asArray(await json({ method: 'GET', path: `/${encode(projectId)}/departments/allstatus` }));
    },

    async cannedList(projectId: string): Promise<unknown[]> {
      return asArray(await json({ method: 'GET', path: `/${encode(projectId)}/canned` }));
    },
    cannedCreate: (projectId: string, body: { title: string; text: string; shared: boolean }) =>
      json({ method: 'POST', path: `/${encode(projectId)}/canned`, body }),
    cannedUpdate: (projectId: string, id: string, body: { title: string; text: string }) =>
      json({ method: 'PUT', path: `/${encode(projectId)}/canned/${encode(id)}`, body }),
    cannedDelete: (projectId: string, id: string) => json({ method: 'DELETE', path: `/${encode(projectId)}/canned/${encode(id)}` }),

    async webhookList(projectId: string): Promise<unknown[]> {
      return asArray(await json({ method: 'GET', path: `/${encode(projectId)}/subscriptions` }));
    },
    webhookGet: (projectId: string, id: string) => json({ method: 'GET', path: `/${encode(projectId)}/subscriptions/${encode(id)}` }),
    webhookCreate: (projectId: string, body: { event: string; target: string }) =>
      json({ method: 'POST', path: `/${encode(projectId)}/subscriptions`, body }),
    webhookDelete: (projectId: string, id: string) => json({ method: 'DELETE', path: `/${encode(projectId)}/subscriptions/${encode(id)}` }),
  };
}

export type TiledeskApi = ReturnType<typeof createTiledeskApi>;
