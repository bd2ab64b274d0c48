import type { Conversations } from '../domain/conversations.ts';
import type { Views } from '../domain/views.ts';
import type { EventBus } from '../events.ts';
import type { Authenticator } from '../http/auth.ts';
import type { Store } from '../store/store.ts';

/** What the route modules need; built once in server/index.ts. */
export interface RouteDeps {
  store: Store;
  views: Views;
  auth: Authenticator;
  events: EventBus;
  conversations: Conversations;
}
