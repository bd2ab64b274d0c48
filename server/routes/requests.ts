import { compact } from '../domain/compact.ts';
import { REQUEST_STATUS, type Actor } from '../domain/conversations.ts';
import { queryRequests, type RequestPage } from '../domain/requestQuery.ts';
import { hasRole } from '../domain/team.ts';
import { isObjectId, newObjectId } from '../ids.ts';
import { bodyObject, isPlainObject, optionalBoolean, optionalNumber, optionalString, requireNotEmpty } from '../http/input.ts';
import { HttpError, invalidField, json, notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type MemberContext, type Route } from '../http/router.ts';
import type { JsonObject, RequestDoc, TagDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

/** The caller as an actor: name and e-mail as the real server takes them from `req.user`. */
export function actorOf(ctx: MemberContext): Actor {
  const { identity, member } = ctx;
  return {
    id: identity.id,
    fullName: identity.fullName,
    ...(identity.email ? { email: identity.email } : {}),
    projectUser: member,
  };
}

/** `routes/request.js`, mounted at `/:project_id/requests`. */
export function requestRoutes({ store, views, conversations }: RouteDeps): Route[] {
  const load = (ctx: MemberContext, msg = 'Object not found.'): RequestDoc => {
    const request = conversations.find(ctx.project._id, ctx.params.request_id ?? '');
    if (!request) throw notFound(msg);
    return request;
  };
  const rest = (request: RequestDoc) => ok(views.request(request, 'rest'));

  const mustParticipate = (ctx: MemberContext, request: RequestDoc, error: string): void => {
    if (!hasRole(ctx.member, 'admin') && !request.participantsAgents.includes(ctx.identity.id)) {
      throw new HttpError(json(403, { success: false, error }));
    }
  };

  const close = (ctx: MemberContext) => {
    const request = conversations.find(ctx.project._id, ctx.params.request_id ?? '');
    if (!request) throw new HttpError(json(404, { success: false, error: 'Request not found' }));
    if (ctx.member.roleType === 2) {
      if (store.leads.get(request.lead)?.lead_id !== ctx.identity.id) throw new HttpError(json(403, { success: false, msg: 'Unauthorized.' }));
    } else {
      mustParticipate(ctx, request, 'You must be among the participants to close a conversation.');
    }
    return rest(conversations.close(request, ctx.identity.id, optionalBoolean(bodyObject(ctx.body).force) ?? false));
  };

  const page = (result: RequestPage, populate: boolean) => ok({
    perPage: result.perPage,
    count: result.count,
    requests: result.requests.map((request) => views.request(request, populate ? 'rest' : 'rest-ids')),
  });

  return [
    memberRoute('GET', '/requests', 'agent', ({ project, query, member }) =>
      page(queryRequests(store, project._id, query, member), query.get('no_populate') !== 'true')),

    memberRoute('GET', '/requests/count', 'agent', ({ project, query }) => {
      const count = (where: string) => store.requests.count(`id_project = ? AND preflight = 0 AND ${where}`, [project._id]);
      const unassigned = count('status = 100');
      const assigned = count("status = 200 AND json_extract(doc, '$.hasBot') = 0");
      const botAssigned = count("status = 200 AND json_extract(doc, '$.hasBot') = 1");
      return ok(query.get('merge_assigned')
        ? { unassigned, assigned: assigned + botAssigned }
        : { unassigned, assigned, bot_assigned: botAssigned });
    }),

    memberRoute('GET', '/requests/me', null, ({ project, query, member, identity }) =>
      page(queryRequests(store, project._id, query, undefined, {
        where: "(json_extract(doc, '$.requester') = ? OR json_extract(doc, '$.snapshot.lead.lead_id') = ?)",
        params: [member._id, identity.id],
      }), query.get('no_populate') !== 'true')),

    memberRoute('GET', '/requests/:request_id', 'agent', (ctx) => rest(load(ctx))),

    memberRoute('POST', '/requests', 'agent', (ctx) => {
      const input = bodyObject(ctx.body);
      rejectInvalid([requireNotEmpty(input, 'first_text')]);
      const actor = actorOf(ctx);
      const sender = optionalString(input.sender);
      let requester = ctx.member;
      let fullname = optionalString(input.senderFullname) ?? actor.fullName;
      let email = optionalString(input.email) ?? actor.email;
      if (sender) {
        const senderMember = store.projectUsers.findOne(
          `id_project = ? AND ${isObjectId(sender) ? 'id_user' : 'uuid_user'} = ? AND active = 1`,
          [ctx.project._id, sender],
        );
        if (!senderMember) {
          throw new HttpError(json(403, { success: false, msg: `Unauthorized. Project_user not found with user id : ${sender}` }));
        }
        // The real server stores the caller's project_user as `requester` here (and the sender's only in the
        // snapshot); the conversation belongs to the sender, so both point at the sender.
        requester = senderMember;
        const user = senderMember.id_user ? store.users.get(senderMember.id_user) : undefined;
        const lead = store.leads.findOne('id_project = ? AND lead_id = ?', [ctx.project._id, sender]);
        fullname = user ? `${user.firstname} ${user.lastname}` : lead?.fullname ?? fullname;
        email = user?.email ?? lead?.email ?? email;
      }
      const requestId = optionalString(input.request_id);
      if (requestId && conversations.find(ctx.project._id, requestId)) {
        throw new HttpError(json(500, { success: false, message: 'Unable to create request' }));
      }
      const attributes = isPlainObject(input.attributes) ? input.attributes : undefined;
      const request = conversations.open(compact({
        project: ctx.project,
        requestId,
        requester,
        lead: compact({ id: sender ?? actor.id, fullname, email, attributes: attributes ?? requester.attributes }),
        createdBy: actor.id,
        firstText: String(input.first_text),
        departmentId: optionalString(input.departmentid),
        participants: Array.isArray(input.participants) ? input.participants.filter((p): p is string => typeof p === 'string') : undefined,
        attributes,
        sourcePage: optionalString(input.sourcePage),
        language: optionalString(input.language),
        userAgent: optionalString(input.userAgent),
        subject: optionalString(input.subject),
        priority: optionalString(input.priority),
        followers: Array.isArray(input.followers) ? input.followers.filter((f): f is string => typeof f === 'string') : undefined,
        location: input.location,
        channel: isPlainObject(input.channel) && typeof input.channel.name === 'string' ? { name: input.channel.name } : undefined,
      }));
      return ok(views.request(request, 'created'));
    }),

    memberRoute('PATCH', '/requests/:request_id', 'agent', (ctx) => {
      const request = load(ctx, 'Request not found');
      const input = bodyObject(ctx.body);
      const changes: Partial<RequestDoc> = {};
      // Same rule as the real route: falsy values are ignored except for smartAssignment and workingStatus.
      const text = (name: keyof RequestDoc) => {
        const value = optionalString(input[name]);
        if (value) Object.assign(changes, { [name]: value });
      };
      (['lead', 'rating_message', 'sourcePage', 'language', 'first_text', 'subject', 'priority'] as const).forEach(text);
      const status = optionalNumber(input.status);
      if (status) changes.status = status;
      const rating = optionalNumber(input.rating);
      if (rating) changes.rating = rating;
      if (input.location) changes.location = input.location;
      if (Array.isArray(input.tags)) changes.tags = tagsFrom(input.tags);
      const smart = optionalBoolean(input.smartAssignment);
      if (smart !== undefined) changes.smartAssignment = smart;
      if (input.workingStatus !== undefined) changes.workingStatus = optionalString(input.workingStatus) ?? '';
      const channelName = optionalString(input.channelName);
      if (channelName) changes.channel = { ...request.channel, name: channelName };
      return rest(conversations.patch(request, changes));
    }),

    memberRoute('PATCH', '/requests/:request_id/attributes', 'agent', (ctx) =>
      rest(conversations.patchAttributes(load(ctx), bodyObject(ctx.body)))),

    memberRoute('PUT', '/requests/:request_id/close', 'agent', close),
    memberRoute('PUT', '/requests/:request_id/closeg', 'guest', close),

    memberRoute('PUT', '/requests/:request_id/reopen', 'agent', (ctx) => rest(conversations.reopen(load(ctx)))),

    memberRoute('POST', '/requests/:request_id/participants', 'agent', (ctx) => {
      const input = bodyObject(ctx.body);
      rejectInvalid([requireNotEmpty(input, 'member')]);
      return rest(conversations.addParticipant(load(ctx), String(input.member)));
    }),

    memberRoute('PUT', '/requests/:request_id/participants', 'agent', (ctx) => {
      const members = ctx.body;
      if (!Array.isArray(members) || !members.every((m) => typeof m === 'string')) {
        rejectInvalid([invalidField('participants', members)]);
      }
      return rest(conversations.setParticipants(load(ctx), members as string[]));
    }),

    memberRoute('DELETE', '/requests/:request_id/participants/:user_id', 'agent', (ctx) => {
      const request = load(ctx);
      const member = ctx.params.user_id ?? '';
      return rest(request.participants.includes(member) ? conversations.removeParticipant(request, member) : request);
    }),

    memberRoute('PUT', '/requests/:request_id/departments', 'agent', (ctx) => {
      const request = load(ctx);
      const departmentId = optionalString(bodyObject(ctx.body).departmentid);
      const department = conversations.department(ctx.project._id, departmentId);
      if (!department || (departmentId && department._id !== departmentId)) throw notFound('Department not found.');
      return rest(conversations.reroute(request, department));
    }),

    memberRoute('PUT', '/requests/:request_id/assign', 'agent', (ctx) => {
      const request = load(ctx, 'Request not found');
      const open = [REQUEST_STATUS.ASSIGNED, REQUEST_STATUS.SERVED, REQUEST_STATUS.CLOSED] as number[];
      if (open.includes(request.status)) return rest(request);
      const department = conversations.department(ctx.project._id, optionalString(bodyObject(ctx.body).departmentid) ?? request.department);
      return department ? rest(conversations.reroute(request, department)) : rest(request);
    }),

    memberRoute('POST', '/requests/:request_id/notes', 'agent', (ctx) => {
      const request = load(ctx);
      const input = bodyObject(ctx.body);
      rejectInvalid([requireNotEmpty(input, 'text')]);
      if (ctx.member.role === 'agent') mustParticipate(ctx, request, 'You are not participating in the conversation');
      return rest(conversations.addNote(request, String(input.text), ctx.identity.id));
    }),

    memberRoute('DELETE', '/requests/:request_id/notes/:note_id', 'agent', (ctx) => {
      const request = load(ctx);
      if (ctx.member.role === 'agent') mustParticipate(ctx, request, 'You are not participating in the conversation');
      return rest(conversations.deleteNote(request, ctx.params.note_id ?? ''));
    }),

    memberRoute('PUT', '/requests/:request_id/tag', 'agent', (ctx) => {
      const request = load(ctx);
      const tags = Array.isArray(ctx.body) ? tagsFrom(ctx.body) : [];
      if (tags.length === 0) rejectInvalid([invalidField('tag', ctx.body)]);
      return rest(conversations.addTags(request, tags));
    }),

    memberRoute('DELETE', '/requests/:request_id/tag/:tag_id', 'agent', (ctx) =>
      rest(conversations.deleteTag(load(ctx), ctx.params.tag_id ?? ''))),

    memberRoute('DELETE', '/requests/:request_id', 'agent', (ctx) => {
      if (ctx.member.role !== 'owner') throw new HttpError(json(403, { success: false, msg: 'Unauthorized.' }));
      const request = load(ctx);
      conversations.delete(request);
      return ok(views.request(request, 'rest-ids'));
    }),
  ];
}

function tagsFrom(items: unknown[]): TagDoc[] {
  return items.flatMap((item) => {
    const tag = isPlainObject(item) ? optionalString(item.tag) : undefined;
    if (!tag) return [];
    const color = optionalString((item as JsonObject).color);
    return [compact<TagDoc>({ _id: optionalString((item as JsonObject)._id) ?? newObjectId(), tag, color })];
  });
}
