import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObjectId } from '../ids.ts';
import { hasRole } from '../domain/team.ts';
import type { Store } from '../store/store.ts';
import type { ProjectDoc, ProjectUserDoc, Role } from '../store/types.ts';
import type { Authenticator, Identity } from './auth.ts';
import { readBody } from './body.ts';
import { HttpError, expressError, json, missingRole, notMember, type Reply } from './reply.ts';

export interface BaseContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface AuthedContext extends BaseContext {
  identity: Identity;
}

export interface MemberContext extends AuthedContext {
  project: ProjectDoc;
  member: ProjectUserDoc;
}

type Handler<C> = (ctx: C) => Reply | Promise<Reply>;

export type Route =
  | { method: string; path: string; access: 'public'; handler: Handler<BaseContext> }
  | { method: string; path: string; access: 'authenticated'; handler: Handler<AuthedContext> }
  | { method: string; path: string; access: 'member'; role: Role | null; projectParam?: string; handler: Handler<MemberContext> };

export const publicRoute = (method: string, path: string, handler: Handler<BaseContext>): Route =>
  ({ method, path, access: 'public', handler });

export const authenticatedRoute = (method: string, path: string, handler: Handler<AuthedContext>): Route =>
  ({ method, path, access: 'authenticated', handler });

/**
 * A route for members of a project with at least `role` (`null`: any member, guests included). Under
 * `/:project_id/...` the project comes from the path prefix; `projectParam` names it for other routes.
 */
export const memberRoute = (method: string, path: string, role: Role | null, handler: Handler<MemberContext>, projectParam?: string): Route =>
  ({ method, path, access: 'member', role, handler, ...(projectParam ? { projectParam } : {}) });

/** First path segments that are not project ids (everything else is `/:project_id/...`). */
const TOP_LEVEL = new Set(['auth', 'projects', 'users', 'files']);

function segmentsOf(pathname: string): string[] {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new HttpError(expressError(400, 'Bad Request'));
  }
}

function match(route: Route, method: string, segments: string[]): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const parts = route.path.split('/').filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.contentType) res.setHeader('Content-Type', reply.contentType);
  if (reply.body !== undefined) res.setHeader('Content-Length', Buffer.byteLength(reply.body));
  res.end(reply.body);
}

export interface Dispatcher {
  store: Store;
  auth: Authenticator;
  /** Routes outside a project: `/auth`, `/projects`, `/users`, `/files`, `/`. */
  globalRoutes: Route[];
  /** Routes under `/:project_id`, with paths relative to it. */
  projectRoutes: Route[];
}

/**
 * The request pipeline of the real server, in its order: CORS, body parsing (413/400), the project id check
 * of `projectSetter` (400), credentials (401/400), role (403), then the handler; unknown routes get
 * express's 404 page and unexpected exceptions `500 {"err":"error"}`.
 */
export function createDispatcher(deps: Dispatcher): (req: IncomingMessage, res: ServerResponse) => void {
  const memberOf = (project: ProjectDoc, identity: Identity): ProjectUserDoc | undefined =>
    deps.store.projectUsers.findOne(
      `id_project = ? AND ${identity.kind === 'user' ? 'id_user' : 'uuid_user'} = ? AND active = 1`,
      [project._id, identity.id],
    );

  const activeProject = (id: string): ProjectDoc | undefined => {
    const project = isObjectId(id) ? deps.store.projects.get(id) : undefined;
    return project?.status === 100 ? project : undefined;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET,HEAD,PUT,PATCH,POST,DELETE');
      const requested = req.headers['access-control-request-headers'];
      if (requested) res.setHeader('Access-Control-Allow-Headers', requested);
      res.setHeader('Vary', 'Access-Control-Request-Headers');
      send(res, { status: 204, body: '' });
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const segments = segmentsOf(url.pathname);
    let routes = deps.globalRoutes;
    let relative = segments;
    let pathProject: ProjectDoc | undefined;
    const first = segments[0];
    if (first !== undefined && !TOP_LEVEL.has(first)) {
      if (!isObjectId(first)) throw new HttpError(json(400, { error: `Invalid project id: ${first}` }));
      pathProject = activeProject(first);
      if (!pathProject) throw new HttpError(json(400, { error: `Project not found with id: ${first}` }));
      routes = deps.projectRoutes;
      relative = segments.slice(1);
    }
    for (const route of routes) {
      const params = match(route, method, relative);
      if (!params) continue;
      const base: BaseContext = { req, url, params, query: url.searchParams, body };
      if (route.access === 'public') return send(res, await route.handler(base));
      const identity = await deps.auth.authenticate(req, url.searchParams);
      if (route.access === 'authenticated') return send(res, await route.handler({ ...base, identity }));
      const project = pathProject ?? activeProject(params[route.projectParam ?? ''] ?? '');
      const member = project ? memberOf(project, identity) : undefined;
      if (!project || !member) throw notMember();
      if (route.role && !hasRole(member, route.role)) throw missingRole();
      return send(res, await route.handler({ ...base, identity, project, member }));
    }
    throw new HttpError(expressError(404, `Cannot ${req.method ?? 'GET'} ${url.pathname}`));
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.reply);
      console.error(`[server] ${req.method} ${req.url} failed:`, error);
      send(res, json(500, { err: 'error' }));
    }).finally(() => {
      // Whatever the handler left unread (a refused upload, an ignored body) is drained so keep-alive works.
      if (!req.readableEnded) req.resume();
    });
  };
}
