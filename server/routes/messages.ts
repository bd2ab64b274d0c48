import { compact } from '../domain/compact.ts';
import type { MessageInput } from '../domain/conversations.ts';
import { bodyObject, isPlainObject, optionalNumber, optionalString } from '../http/input.ts';
import { HttpError, invalidField, json, notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type MemberContext, type Route } from '../http/router.ts';
import type { JsonObject, RequestDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';
import { actorOf } from './requests.ts';

function channelOf(value: unknown): { name: string } | undefined {
  return isPlainObject(value) && typeof value.name === 'string' ? { name: value.name } : undefined;
}

/** The message fields every send route stores verbatim (text, type, metadata, attributes, language, channel, status). */
function messageFields(input: JsonObject): Omit<MessageInput, 'sender' | 'senderFullname' | 'createdBy'> {
  return compact({
    text: optionalString(input.text),
    type: optionalString(input.type),
    metadata: input.metadata,
    attributes: isPlainObject(input.attributes) ? input.attributes : undefined,
    language: optionalString(input.language),
    channel: channelOf(input.channel),
    status: optionalNumber(input.status),
  });
}

/**
 * `routes/message.js`, mounted at `/:project_id/requests/:request_id/messages`; any member of the project,
 * visitors included. Unlike the real server, a visitor only reaches the conversations they started.
 */
export function messageRoutes({ store, views, conversations }: RouteDeps): Route[] {
  const visibleTo = (ctx: MemberContext, request: RequestDoc | undefined): RequestDoc | undefined => {
    if (!request || ctx.member.roleType !== 2) return request;
    return store.leads.get(request.lead)?.lead_id === ctx.identity.id ? request : undefined;
  };
  const requestOf = (ctx: MemberContext): RequestDoc | undefined =>
    conversations.find(ctx.project._id, ctx.params.request_id ?? '');

  return [
    memberRoute('GET', '/requests/:request_id/messages', null, (ctx) => {
      const request = visibleTo(ctx, requestOf(ctx));
      return ok(request ? conversations.messages(ctx.project._id, request.request_id) : []);
    }),

    memberRoute('GET', '/requests/:request_id/messages/:message_id', null, (ctx) => {
      const message = store.messages.get(ctx.params.message_id ?? '');
      const request = message ? visibleTo(ctx, conversations.find(ctx.project._id, message.recipient)) : undefined;
      if (!message || message.id_project !== ctx.project._id || !request) throw notFound();
      return ok(message);
    }),

    memberRoute('POST', '/requests/:request_id/messages', null, (ctx) => {
      const input = bodyObject(ctx.body);
      const actor = actorOf(ctx);
      const explicitSender = optionalString(input.sender);
      const fields = messageFields(input);
      const message: MessageInput = {
        ...fields,
        sender: explicitSender ?? actor.id,
        senderFullname: optionalString(input.senderFullname) ?? actor.fullName,
        createdBy: actor.id,
      };
      const existing = requestOf(ctx);
      if (existing) {
        if (!visibleTo(ctx, existing)) throw new HttpError(json(403, { success: false, msg: 'Unauthorized.' }));
        const posted = conversations.post(existing, message, explicitSender !== undefined);
        return ok(views.message(posted.message, posted.request, 'rest'));
      }
      if (!fields.text && (fields.type ?? 'text') === 'text') throw new HttpError(json(422, { errors: ['text field is required'] }));
      const strings = (value: unknown): string[] | undefined =>
        Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
      const opened = conversations.openWithMessage(compact({
        project: ctx.project,
        requestId: ctx.params.request_id ?? '',
        requester: ctx.member,
        lead: compact({
          id: message.sender, fullname: message.senderFullname, email: actor.email,
          attributes: fields.attributes ?? ctx.member.attributes,
        }),
        createdBy: actor.id,
        firstText: fields.text ?? '',
        departmentId: optionalString(input.departmentid),
        participants: strings(input.participants),
        attributes: fields.attributes,
        sourcePage: optionalString(input.sourcePage),
        language: fields.language,
        userAgent: optionalString(input.userAgent),
        subject: optionalString(input.subject),
        priority: optionalString(input.priority),
        followers: strings(input.followers),
        location: input.location,
        channel: fields.channel,
      }), message);
      return ok(views.message(opened.message, opened.request, 'rest'));
    }),

    memberRoute('POST', '/requests/:request_id/messages/multi', null, (ctx) => {
      if (!Array.isArray(ctx.body)) rejectInvalid([invalidField('messages', ctx.body)]);
      const request = visibleTo(ctx, requestOf(ctx));
      if (!request) throw new HttpError(json(404, { success: false, msg: "Request doesn't exist." }));
      const actor = actorOf(ctx);
      const inputs = (ctx.body as unknown[]).map((item): MessageInput => {
        const input = bodyObject(item);
        const sender = optionalString(input.sender) ?? actor.id;
        // As on the real server: the name defaults to the caller's, whoever the sender is.
        return { ...messageFields(input), sender, senderFullname: optionalString(input.senderFullname) ?? actor.fullName, createdBy: sender };
      });
      return ok(conversations.postMany(request, inputs));
    }),
  ];
}
