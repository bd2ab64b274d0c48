/** Mounting workflow components against a scripted AgentBridge, with the app's Pinia and i18n. */
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import type { SessionState } from '../../../src/shared/domain.ts';
import type { AgentBridge, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult, IpcError } from '../../../src/shared/ipc/contract.ts';
import { invokeContract } from '../../../src/shared/ipc/contract.ts';
import { createAppI18n } from '../../../src/renderer/src/i18n/index.ts';
import { useAgentBridge } from '../../../src/renderer/src/ipc/client.ts';
import { useSessionStore } from '../../../src/renderer/src/stores/session.ts';

/** Thrown by a handler to answer with an IpcError, as the core's router would. */
export class BridgeFailure extends Error {
  readonly error: IpcError;
  constructor(code: IpcError['code'], message: string = code) {
    super(message);
    this.error = { code, message };
  }
}

type Handlers = { [C in InvokeChannel]?: (args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> };

export interface ScriptedBridge extends AgentBridge {
  calls: { channel: InvokeChannel; args: unknown }[];
  callsTo<C extends InvokeChannel>(channel: C): InvokeArgs<C>[];
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
}

/** Arguments are checked against the contract like the real router does, so a wrong call fails the test. */
export function scriptedBridge(handlers: Handlers): ScriptedBridge {
  const calls: { channel: InvokeChannel; args: unknown }[] = [];
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  return {
    calls,
    callsTo: <C extends InvokeChannel>(channel: C) => calls.filter((call) => call.channel === channel).map((call) => call.args as InvokeArgs<C>),
    async invoke(channel, args) {
      calls.push({ channel, args });
      const parsed = invokeContract[channel].args.safeParse(args);
      if (!parsed.success) return { ok: false, error: { code: 'invalid_argument', message: parsed.error.message } };
      const handler = handlers[channel] as ((value: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `no handler for ${channel}` } };
      try {
        return { ok: true, value: (await handler(args)) as never };
      } catch (failure) {
        if (failure instanceof BridgeFailure) return { ok: false, error: failure.error };
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

export function signedInState(role: string, userId = 'me'): SessionState {
  return {
    status: 'signedIn',
    serverUrl: 'http://127.0.0.1:3000',
    user: { id: userId, email: `${userId}@demo.test`, firstname: 'Mia', lastname: 'Agent' },
    projects: [],
    project: { id: 'project-1', name: 'Demo Support', role, projectUserId: `pu-${userId}` },
    availability: { available: true, profileStatus: '', isBusy: false, assignedCount: 2 },
  };
}

export function setUp(bridge: AgentBridge, options: { role?: string; locale?: 'en' | 'it' } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useAgentBridge(bridge);
  const i18n = createAppI18n(options.locale ?? 'en');
  useSessionStore().apply(signedInState(options.role ?? 'agent'));
  return { pinia, i18n };
}

export function mountWith<C extends Component>(component: C, context: ReturnType<typeof setUp>, options: ComponentMountingOptions<C> = {}) {
  return mount(component, {
    ...options,
    attachTo: document.body,
    global: { plugins: [context.pinia, context.i18n], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>);
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
