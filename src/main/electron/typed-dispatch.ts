import type { InvokeArgs, InvokeChannel, InvokeResult, IpcResponse } from '../../shared/ipc/contract.ts';
import { AgentError } from '../../shared/ipc/errors.ts';

export type Dispatch = (channel: unknown, args: unknown) => Promise<IpcResponse<unknown>>;

/** A host calling into the core through the same validated router the renderer uses. */
export async function invokeCore<C extends InvokeChannel>(dispatch: Dispatch, channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  const response = await dispatch(channel, args);
  if (!response.ok) throw new AgentError(response.error.code, response.error.message);
  return response.value as InvokeResult<C>;
}
