import { newObjectId, newUuid } from '../ids.ts';
import { bodyObject, optionalString } from '../http/input.ts';
import { invalidField, notFound, ok, rejectInvalid } from '../http/reply.ts';
import { memberRoute, type MemberContext, type Route } from '../http/router.ts';
import type { JsonObject, SubscriptionDoc } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';

/** A subscription as listed: the secret is only ever shown when the subscription is created. */
function publicSubscription(subscription: SubscriptionDoc): Omit<SubscriptionDoc, 'secret'> {
  const { secret: _secret, ...rest } = subscription;
  return rest;
}

function isHttpUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Webhook subscriptions (§7), mounted at `/:project_id/subscriptions`, admin and above. Always enabled here.
 * Each subscription gets its own random secret (the real server shares one per process).
 */
export function subscriptionRoutes({ store }: RouteDeps): Route[] {
  const load = (ctx: MemberContext): SubscriptionDoc => {
    const subscription = store.subscriptions.get(ctx.params.subscription_id ?? '');
    if (!subscription || subscription.id_project !== ctx.project._id) throw notFound();
    return subscription;
  };

  const validated = (input: JsonObject, required: boolean) => {
    const event = optionalString(input.event);
    const target = optionalString(input.target);
    rejectInvalid([
      (required || event !== undefined) && !event ? invalidField('event', input.event) : undefined,
      (required || target !== undefined) && !isHttpUrl(target) ? invalidField('target', input.target) : undefined,
    ]);
    return { event, target };
  };

  return [
    memberRoute('POST', '/subscriptions', 'admin', ({ project, identity, body }) => {
      const { event = '', target = '' } = validated(bodyObject(body), true);
      const subscription = store.tx(() => {
        const existing = store.subscriptions.findOne("id_project = ? AND event = ? AND json_extract(doc, '$.target') = ?", [project._id, event, target]);
        if (existing) return existing;
        const iso = new Date().toISOString();
        return store.subscriptions.insert({
          secret: newUuid(), global: false, _id: newObjectId(), target, event, id_project: project._id, createdBy: identity.id,
          createdAt: iso, updatedAt: iso, __v: 0,
        });
      });
      return ok(subscription, { 'x-hook-secret': subscription.secret });
    }),

    memberRoute('GET', '/subscriptions', 'admin', ({ project }) =>
      ok(store.subscriptions.find('id_project = ?', [project._id], { order: 'rowid' }).map(publicSubscription))),

    memberRoute('GET', '/subscriptions/:subscription_id', 'admin', (ctx) => ok(publicSubscription(load(ctx)))),

    memberRoute('PUT', '/subscriptions/:subscription_id', 'admin', (ctx) => {
      const { event, target } = validated(bodyObject(ctx.body), false);
      const next: SubscriptionDoc = {
        ...load(ctx), ...(event ? { event } : {}), ...(target ? { target } : {}), updatedAt: new Date().toISOString(),
      };
      store.tx(() => store.subscriptions.replace(next));
      return ok(publicSubscription(next));
    }),

    // The real 2.19.16 answers 500 "Error deleting object." here (a removed mongoose API); this deletes.
    memberRoute('DELETE', '/subscriptions/:subscription_id', 'admin', (ctx) => {
      const subscription = load(ctx);
      store.tx(() => store.subscriptions.delete(subscription._id));
      return ok(publicSubscription(subscription));
    }),
  ];
}
