/** The workflow tests' names for the shared renderer test harness (`tests/renderer/support/fake-bridge.ts`). */
import type { SessionState } from '../../../src/shared/domain.ts';
import type { AgentBridge } from '../../../src/shared/ipc/contract.ts';
import { fakeBridge, mountIn, setUp as setUpShared, settle, signedIn, Refusal, type FakeBridge } from '../support/fake-bridge.ts';

export { Refusal as BridgeFailure, fakeBridge as scriptedBridge, mountIn as mountWith, settle };
export type ScriptedBridge = FakeBridge;

export function signedInState(role: string, userId = 'me'): SessionState {
  const state = signedIn(role, userId);
  return { ...state, projects: [], availability: { ...state.availability!, assignedCount: 2 } };
}

export function setUp(bridge: AgentBridge, options: { role?: string; locale?: 'en' | 'it' } = {}) {
  return setUpShared(bridge, { session: signedInState(options.role ?? 'agent'), locale: options.locale });
}
