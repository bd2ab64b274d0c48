import type { MessageDoc, ProjectUserDoc, RequestDoc } from './store/types.ts';

/** Domain events, emitted after the transaction that caused them has committed. */
export type DomainEvent =
  | { type: 'request.create'; request: RequestDoc }
  | { type: 'request.update'; request: RequestDoc }
  | { type: 'request.close'; request: RequestDoc; messages: MessageDoc[] }
  | { type: 'message.create'; message: MessageDoc; request: RequestDoc }
  | { type: 'project_user.update'; projectUser: ProjectUserDoc };

export type EventListener = (event: DomainEvent) => void;

export class EventBus {
  readonly #listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: DomainEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`[server] ${event.type} listener failed:`, error);
      }
    }
  }
}
