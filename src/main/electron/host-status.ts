/**
 * What a host needs to know about the core's state for its own chrome (tray, badge, CSP, reloads):
 * followed from the events the core emits, plus settings and badge pushed through HostPorts.
 */
import type { AppSettings, Availability, BadgeState, SessionState } from '../../shared/domain.ts';
import type { EventChannel, EventPayload } from '../../shared/ipc/contract.ts';
import { serverOrigin } from './csp.ts';

export interface HostStatusSnapshot {
  session: SessionState | null;
  availability: Availability | null;
  settings: AppSettings | null;
  badge: BadgeState;
}

export interface HostStatus {
  get(): HostStatusSnapshot;
  /** Origin of the Tiledesk server the agent is signed in to (or was: expired, or the last one when signed out). */
  serverOrigin(): string | null;
  observeEvent<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
  setSession(session: SessionState): void;
  setAvailability(availability: Availability): void;
  setSettings(settings: AppSettings): void;
  setBadge(badge: BadgeState): void;
  subscribe(listener: (status: HostStatusSnapshot) => void): () => void;
}

export function createHostStatus(): HostStatus {
  let status: HostStatusSnapshot = { session: null, availability: null, settings: null, badge: { unread: 0, queue: 0, attention: false } };
  const listeners = new Set<(status: HostStatusSnapshot) => void>();

  function update(change: Partial<HostStatusSnapshot>) {
    status = { ...status, ...change };
    for (const listener of listeners) listener(status);
  }

  return {
    get: () => status,
    serverOrigin() {
      const session = status.session;
      if (!session) return null;
      return serverOrigin(session.status === 'signedOut' ? session.lastServerUrl : session.serverUrl);
    },
    observeEvent(event, payload) {
      if (event === 'session.changed') this.setSession(payload as EventPayload<'session.changed'>);
      else if (event === 'badge.changed') this.setBadge(payload as EventPayload<'badge.changed'>);
      else if (event === 'sync.batch') {
        const availability = (payload as EventPayload<'sync.batch'>).availability;
        if (availability) this.setAvailability(availability);
      }
    },
    setSession(session) {
      update({ session, availability: session.status === 'signedIn' ? session.availability : null });
    },
    setAvailability(availability) {
      update({ availability });
    },
    setSettings(settings) {
      update({ settings });
    },
    setBadge(badge) {
      update({ badge });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
