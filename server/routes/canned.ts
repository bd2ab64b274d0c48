import type { SQLInputValue } from 'node:sqlite';
import { compact } from '../domain/compact.ts';
import { hasRole } from '../domain/team.ts';
import { newObjectId } from '../ids.ts';
import { bodyObject, isPlainObject, optionalBoolean, optionalString, requireNotEmpty } from '../http/input.ts';
import { notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type MemberContext, type Route } from '../http/router.ts';
import type { CannedDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

const PAGE_SIZE = 1000;

/**
 * Canned responses (§13), mounted at `/:project_id/canned`. A response is visible when it is shared (or
 * predates the `shared` flag) or was created by the caller.
 *
 * Editing or deleting someone else's response as an agent answers 404, not 403: the real server looks the
 * response up filtered by `createdBy` for agents, so for them another agent's response simply does not exist
 * (and nothing tells the agent whether that id is in use). Owners and admins may change any response.
 */
export function cannedRoutes({ store }: RouteDeps): Route[] {
  const visibility = "(json_extract(doc, '$.shared') = 1 OR json_extract(doc, '$.shared') IS NULL OR json_extract(doc, '$.createdBy') = ?)";

  const visible = (ctx: MemberContext): CannedDoc => {
    const canned = store.canned.findOne(`id = ? AND id_project = ? AND status < 1000 AND ${visibility}`, [
      ctx.params.canned_id ?? '', ctx.project._id, ctx.identity.id,
    ]);
    if (!canned) throw notFound();
    return canned;
  };

  const editable = (ctx: MemberContext): CannedDoc => {
    const canned = store.canned.get(ctx.params.canned_id ?? '');
    const allowed = canned && canned.id_project === ctx.project._id
      && (hasRole(ctx.member, 'admin') || canned.createdBy === ctx.identity.id);
    if (!canned || !allowed) throw notFound();
    return canned;
  };

  const save = (canned: CannedDoc, ctx: MemberContext, changes: Partial<CannedDoc>): CannedDoc => {
    const next = { ...canned, ...changes, updatedBy: ctx.identity.id, updatedAt: new Date().toISOString() };
    store.tx(() => store.canned.replace(next));
    return next;
  };

  return [
    memberRoute('GET', '/canned', 'agent', ({ project, identity, query }) => {
      const where = [`id_project = ? AND status < 1000 AND ${visibility}`];
      const params: SQLInputValue[] = [project._id, identity.id];
      const words = (query.get('full_text') ?? '').split(/\s+/).filter(Boolean);
      for (const word of words) {
        where.push("lower(coalesce(json_extract(doc, '$.title'), '') || ' ' || json_extract(doc, '$.text')) LIKE ?");
        params.push(`%${word.toLowerCase()}%`);
      }
      const sort = query.get('sort') ?? 'createdAt';
      const order = sort === 'createdAt' ? 'created_at' : /^\w+$/.test(sort) ? `json_extract(doc, '$.${sort}')` : 'created_at';
      const direction = query.get('direction') === '1' ? 'ASC' : 'DESC';
      const page = Math.max(0, Number.parseInt(query.get('page') ?? '0', 10) || 0);
      return ok(store.canned.find(where.join(' AND '), params, {
        order: `${order} ${direction}, rowid ${direction}`, limit: PAGE_SIZE, offset: page * PAGE_SIZE,
      }));
    }),

    memberRoute('GET', '/canned/:canned_id', 'agent', (ctx) => ok(visible(ctx))),

    memberRoute('POST', '/canned', 'agent', ({ project, identity, member, body }) => {
      const input = bodyObject(body);
      rejectInvalid([requireNotEmpty(input, 'text')]);
      const iso = new Date().toISOString();
      const canned = compact<CannedDoc>({
        _id: newObjectId(),
        title: optionalString(input.title),
        text: String(input.text),
        shared: hasRole(member, 'admin') ? true : optionalBoolean(input.shared) ?? false,
        attributes: isPlainObject(input.attributes) ? input.attributes : undefined,
        id_project: project._id,
        createdBy: identity.id,
        updatedBy: identity.id,
        status: 100,
        createdAt: iso,
        updatedAt: iso,
        __v: 0,
      });
      store.tx(() => store.canned.insert(canned));
      return ok(canned);
    }),

    memberRoute('PUT', '/canned/:canned_id', 'agent', (ctx) => {
      const canned = editable(ctx);
      const input = bodyObject(ctx.body);
      const changes: Partial<CannedDoc> = {};
      const title = optionalString(input.title);
      if (title !== undefined) changes.title = title;
      const text = optionalString(input.text);
      if (text !== undefined) changes.text = text;
      if (isPlainObject(input.attributes)) changes.attributes = input.attributes;
      return ok(save(canned, ctx, changes));
    }),

    memberRoute('DELETE', '/canned/:canned_id', 'agent', (ctx) => ok(save(editable(ctx), ctx, { status: 1000 }))),

    memberRoute('DELETE', '/canned/:canned_id/physical', 'agent', (ctx) => {
      const canned = editable(ctx);
      store.tx(() => store.canned.delete(canned._id));
      return ok(canned);
    }),
  ];
}
