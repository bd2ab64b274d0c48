/**
 * HostPorts for tests: in-memory secret and settings stores, and recording notifier, badge and event sink.
 * Reusable by any suite that builds an AgentCore (pass the same `secretStore` and `dataDir` to a second core
 * to simulate a restart of the app).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppSettings, BadgeState } from '../../src/shared/domain.ts';
import type { EventChannel, EventPayload } from '../../src/shared/ipc/contract.ts';
import type { AlertNotification, HostPorts, SecretStore } from '../../src/main/core/ports.ts';

export interface RecordedEvent {
  event: EventChannel;
  payload: unknown;
  at: number;
}

export interface MemorySecretStore extends SecretStore {
  value: string | null;
}

export function createMemorySecretStore(initial: string | null = null): MemorySecretStore {
  const store: MemorySecretStore = {
    encrypted: false,
    value: initial,
    async load() {
      return store.value;
    },
    async save(secret) {
      store.value = secret;
    },
    async clear() {
      store.value = null;
    },
  };
  return store;
}

export interface TestPorts extends HostPorts {
  secretStore: MemorySecretStore;
  events: RecordedEvent[];
  notifications: AlertNotification[];
  closedNotifications: string[];
  badges: BadgeState[];
  savedSettings: AppSettings[];
  appliedSettings: AppSettings[];
  opened: string[];
  logs: { level: 'info' | 'warn' | 'error'; message: string; detail?: unknown }[];
  windowState: { visible: boolean; focused: boolean };
  eventsOf<E extends EventChannel>(event: E): EventPayload<E>[];
  lastEvent<E extends EventChannel>(event: E): EventPayload<E> | undefined;
  /** Resolves with the first matching event recorded from now on (or already recorded, with `includePast`). */
  waitForEvent<E extends EventChannel>(
    event: E,
    predicate?: (payload: EventPayload<E>) => boolean,
    options?: { timeoutMs?: number; includePast?: boolean },
  ): Promise<EventPayload<E>>;
  /** Removes the temporary data dir (when this helper made it). */
  cleanup(): void;
}

export function createTestPorts(options: { dataDir?: string; secretStore?: MemorySecretStore; settings?: Partial<AppSettings>; quiet?: boolean } = {}): TestPorts {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tiledesk-core-'));
  const waiters = new Set<{ event: EventChannel; predicate: (payload: unknown) => boolean; resolve: (payload: unknown) => void }>();
  let storedSettings: Partial<AppSettings> = options.settings ?? {};

  const ports: TestPorts = {
    dataDir,
    host: 'browser',
    version: '0.0.0-test',
    secretStore: options.secretStore ?? createMemorySecretStore(),
    events: [],
    notifications: [],
    closedNotifications: [],
    badges: [],
    savedSettings: [],
    appliedSettings: [],
    opened: [],
    logs: [],
    windowState: { visible: true, focused: false },
    settingsStore: {
      load: () => storedSettings,
      save(settings) {
        storedSettings = settings;
        ports.savedSettings.push(settings);
      },
    },
    notifier: {
      show: (notification) => ports.notifications.push(notification),
      close: (tag) => ports.closedNotifications.push(tag),
    },
    badge: { update: (state) => ports.badges.push(state) },
    window: {
      isVisible: () => ports.windowState.visible,
      isFocused: () => ports.windowState.focused,
    },
    async openExternal(url) {
      ports.opened.push(url);
    },
    applySettings: (settings) => ports.appliedSettings.push(settings),
    emit(event, payload) {
      ports.events.push({ event, payload, at: Date.now() });
      for (const waiter of [...waiters]) {
        if (waiter.event === event && waiter.predicate(payload)) {
          waiters.delete(waiter);
          waiter.resolve(payload);
        }
      }
    },
    logger: {
      info: (message, detail) => ports.logs.push({ level: 'info', message, detail }),
      warn: (message, detail) => {
        ports.logs.push({ level: 'warn', message, detail });
        if (!options.quiet && process.env.CORE_TEST_LOGS) console.warn(message, detail ?? '');
      },
      error: (message, detail) => {
        ports.logs.push({ level: 'error', message, detail });
        if (process.env.CORE_TEST_LOGS) console.error(message, detail ?? '');
      },
    },
    eventsOf<E extends EventChannel>(event: E) {
      return ports.events.filter((recorded) => recorded.event === event).map((recorded) => recorded.payload as EventPayload<E>);
    },
    lastEvent<E extends EventChannel>(event: E) {
      return ports.eventsOf(event).at(-1);
    },
    waitForEvent<E extends EventChannel>(
      event: E,
      predicate: (payload: EventPayload<E>) => boolean = () => true,
      waitOptions: { timeoutMs?: number; includePast?: boolean } = {},
    ) {
      if (waitOptions.includePast) {
        const past = ports.eventsOf(event).find(predicate);
        if (past !== undefined) return Promise.resolve(past);
      }
      return new Promise<EventPayload<E>>((resolve, reject) => {
        const waiter = { event, predicate: predicate as (payload: unknown) => boolean, resolve: resolve as (payload: unknown) => void };
        waiters.add(waiter);
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`Timed out waiting for ${event}`));
        }, waitOptions.timeoutMs ?? 10_000);
        timer.unref?.();
        const settle = waiter.resolve;
        waiter.resolve = (payload) => {
          clearTimeout(timer);
          settle(payload);
        };
      });
    },
    cleanup() {
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return ports;
}
