/** A fake AgentBridge for renderer tests: contract-checked calls, scripted answers, events on demand. */
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import type { SessionState } from '../../../src/shared/domain.ts';
import {
  invokeContract,
  type AgentBridge,
  type EventChannel,
  type EventPayload,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type IpcError,
} from '../../../src/shared/ipc/contract.ts';
import { createAppI18n } from '../../../src/renderer/src/i18n/index.ts';
import { useAgentBridge } from '../../../src/renderer/src/ipc/client.ts';
import { useSessionStore } from '../../../src/renderer/src/stores/session.ts';

/** Thrown by a handler to answer `{ok:false, error}`, as the core's router does. */
export class Refusal extends Error {
  readonly error: IpcError;
  constructor(code: IpcError['code'], message: string = code) {
    super(message);
    this.error = { code, message };
  }
}

export type Handlers = { [C in InvokeChannel]?: (args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> };

export interface FakeBridge extends AgentBridge {
  calls: { channel: InvokeChannel; args: unknown }[];
  callsTo<C extends InvokeChannel>(channel: C): InvokeArgs<C>[];
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
  handlers: Handlers;
}

export function fakeBridge(handlers: Handlers = {}): FakeBridge {
  const calls: { channel: InvokeChannel; args: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    calls,
    handlers,
    callsTo: <C extends InvokeChannel>(channel: C) => calls.filter((entry) => entry.channel === channel).map((entry) => entry.args as InvokeArgs<C>),
    async invoke(channel, args) {
      calls.push({ channel, args });
      const parsed = invokeContract[channel].args.safeParse(args);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_argument', message: parsed.error.message } };
      const handler = handlers[channel] as ((value: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `no handler for ${channel}` } };
      try {
        return { ok: true, value: (await handler(args)) as never };
      } catch (failure) {
        if (failure instanceof Refusal) return { ok: false, error: failure.error };
        throw failure;
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

export function signedIn(role = 'agent', userId = 'me'): Extract<SessionState, { status: 'signedIn' }> {
  return {
    status: 'signedIn',
    serverUrl: 'http://127.0.0.1:3000',
    user: { id: userId, email: `${userId}@demo.test`, firstname: 'Mia', lastname: 'Agent' },
    projects: [{ id: 'project-1', name: 'Demo Support', role, projectUserId: `pu-${userId}` }],
    project: { id: 'project-1', name: 'Demo Support', role, projectUserId: `pu-${userId}` },
    availability: { available: true, profileStatus: '', isBusy: false, assignedCount: 0 },
  };
}

/** Fresh Pinia + i18n with the bridge installed; optionally already signed in. */
export function setUp(bridge: AgentBridge, options: { session?: SessionState | null; locale?: 'en' | 'it' } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAgentBridge(bridge);
  const i18n = createAppI18n(options.locale ?? 'en');
  const session = options.session === undefined ? signedIn() : options.session;
  if (session) useSessionStore().apply(session);
  return { pinia, i18n };
}

export function mountIn<C extends Component>(component: C, context: ReturnType<typeof setUp>, options: ComponentMountingOptions<C> = {}) {
  return mount(component, {
    ...options,
    attachTo: document.body,
    global: { plugins: [context.pinia, context.i18n], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>);
}

/** Lets queued promise callbacks and Vue updates run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
