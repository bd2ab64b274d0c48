/**
 * Typed calls over the AgentBridge. Stores never touch the bridge directly: they `call()` a channel and
 * get its value, or an IpcCallError carrying the core's error code for the UI to explain.
 */
import type { AgentBridge, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult, IpcError, IpcErrorCode } from '../../../shared/ipc/contract.ts';

let current: AgentBridge | null = null;

/** main.ts installs the real bridge; tests install a fake one. */
export function useAgentBridge(bridge: AgentBridge): void {
  current = bridge;
}

function activeBridge(): AgentBridge {
  if (!current) throw new Error('No AgentBridge installed: call useAgentBridge() first.');
  return current;
}

export class IpcCallError extends Error {
  readonly code: IpcErrorCode;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
  }
}

export async function call<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  let response;
  try {
    response = await activeBridge().invoke(channel, args);
  } catch (error) {
    // A bridge that throws instead of answering (a dead preload, a broken socket) is treated as the host being gone.
    throw new IpcCallError({ code: 'internal', message: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) throw new IpcCallError(response.error);
  return response.value;
}

export function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return activeBridge().on(event, listener);
}

/** The error of a failed call as data, for stores that show it instead of rethrowing. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcCallError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
