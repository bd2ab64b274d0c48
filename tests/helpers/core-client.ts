/** Calls an AgentCore the way the renderer does (through `dispatch`) and unwraps the answer for tests. */
import type { InvokeArgs, InvokeChannel, InvokeResult, IpcError } from '../../src/shared/ipc/contract.ts';
import type { AgentCore } from '../../src/main/core/agent-core.ts';

export class CallError extends Error {
  readonly code: IpcError['code'];
  constructor(error: IpcError) {
    super(`${error.code}: ${error.message}`);
    this.code = error.code;
  }
}

export async function call<C extends InvokeChannel>(core: AgentCore, channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  const response = await core.dispatch(channel, args);
  if (!response.ok) throw new CallError(response.error);
  return response.value as InvokeResult<C>;
}

/** Resolves with the error code of a call that must fail (and fails the test if it succeeds). */
export async function callError<C extends InvokeChannel>(core: AgentCore, channel: C, args: InvokeArgs<C>): Promise<IpcError> {
  const response = await core.dispatch(channel, args);
  if (response.ok) throw new Error(`${channel} was expected to fail but returned ${JSON.stringify(response.value).slice(0, 200)}`);
  return response.error;
}

/** Polls until `check` returns a truthy value (or throws the last failure after the timeout). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError ?? new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
