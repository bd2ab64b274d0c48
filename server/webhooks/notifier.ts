import { SignJWT } from 'jose';
import type { Views } from '../domain/views.ts';
import type { DomainEvent, EventBus } from '../events.ts';
import type { Store } from '../store/store.ts';
import type { JsonObject, SubscriptionDoc } from '../store/types.ts';

/** Retries after the first attempt (the `retry-request` defaults the real server uses). */
const WEBHOOK_RETRIES = 2;
export const DEFAULT_WEBHOOK_RETRY_BASE_MS = 1000;
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface NotifierOptions {
  store: Store;
  views: Views;
  events: EventBus;
  /** Delay before the first retry; each further retry doubles it. */
  retryBaseMs: number;
  /** Sent as `Origin` (the real server's `WEBHOOK_ORIGIN`). */
  origin: string;
}

/** Retry on 1xx, 429, 5xx and on no answer at all; 2xx/3xx/4xx are final. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status < 200 || status === 429 || status >= 500;
}

/**
 * Webhook deliveries (§7): for every domain event, a POST to each subscription of the project with that event:
 * `{timestamp, payload, hook, token}` with `x-hook-secret`, where `token` is a JWT signed with the
 * subscription's own secret. Like the real server, deliveries are fire-and-forget and not persisted.
 */
export class WebhookNotifier {
  readonly #options: NotifierOptions;
  readonly #abort = new AbortController();
  readonly #pending = new Set<Promise<void>>();
  readonly #unsubscribe: () => void;

  constructor(options: NotifierOptions) {
    this.#options = options;
    this.#unsubscribe = options.events.on((event) => this.#onEvent(event));
  }

  #onEvent(event: DomainEvent): void {
    const projectId = event.type === 'project_user.update' ? event.projectUser.id_project
      : event.type === 'message.create' ? event.message.id_project : event.request.id_project;
    const subscriptions = this.#options.store.subscriptions.find('id_project = ? AND event = ?', [projectId, event.type]);
    if (subscriptions.length === 0) return;
    const payload = this.#payload(event);
    for (const subscription of subscriptions) {
      const delivery = this.#deliver(subscription, payload).catch((error: unknown) => {
        if (this.#abort.signal.aborted) return;
        const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        console.warn(`[server] webhook ${subscription.event} → ${subscription.target}: no answer after ${WEBHOOK_RETRIES + 1} attempts (${reason})`);
      });
      this.#pending.add(delivery);
      void delivery.finally(() => this.#pending.delete(delivery));
    }
  }

  #payload(event: DomainEvent): JsonObject {
    const { views } = this.#options;
    switch (event.type) {
      case 'request.create':
      case 'request.update':
        return views.request(event.request, 'detail');
      case 'request.close':
        return { ...views.request(event.request, 'rest'), messages: event.messages };
      case 'message.create':
        return views.message(event.message, event.request, 'lean');
      case 'project_user.update':
        return views.projectUser(event.projectUser, { user: 'user', busy: true });
    }
  }

  async #deliver(subscription: SubscriptionDoc, payload: JsonObject): Promise<void> {
    const { secret: _secret, global: _global, ...hook } = subscription;
    const token = await new SignJWT({ ...hook })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setAudience(`https://tiledesk.com/subscriptions/${subscription._id}`)
      .setIssuer('https://tiledesk.com')
      .setSubject('subscription')
      .sign(new TextEncoder().encode(subscription.secret));
    const body = JSON.stringify({ timestamp: Date.now(), payload, hook, token });
    for (let attempt = 0; ; attempt++) {
      let status: number | undefined;
      try {
        const response = await fetch(subscription.target, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'x-hook-secret': subscription.secret,
            'User-Agent': 'tiledesk-webhooks',
            Origin: this.#options.origin,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        if (attempt >= WEBHOOK_RETRIES) throw error;
      }
      if (!retryable(status) || attempt >= WEBHOOK_RETRIES) return;
      await this.#sleep(this.#options.retryBaseMs * 2 ** attempt);
      if (this.#abort.signal.aborted) return;
    }
  }

  /** Waits `ms`, or less when the notifier closes. */
  #sleep(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Stops listening and ends pending deliveries: retries are dropped, requests in flight aborted. */
  async close(): Promise<void> {
    this.#unsubscribe();
    this.#abort.abort();
    await Promise.allSettled([...this.#pending]);
  }
}
