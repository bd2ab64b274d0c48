import { z } from 'zod';
import {
  invokeContract,
  isInvokeChannel,
  type InvokeChannel,
  type InvokeResult,
  type IpcResponse,
} from '../../../shared/ipc/contract.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';

export type InvokeHandlers = {
  [C in InvokeChannel]: (args: z.output<(typeof invokeContract)[C]['args']>) => Promise<InvokeResult<C>>;
};

export interface RouterLogger {
  error(message: string, detail?: unknown): void;
}

/**
 * Validates every renderer-supplied argument against the contract before any handler runs,
 * and turns every failure into an IpcError value. Used by Electron's ipcMain and the browser host alike.
 */
export function createIpcRouter(handlers: InvokeHandlers, logger: RouterLogger) {
  return async function dispatch(channel: unknown, rawArgs: unknown): Promise<IpcResponse<unknown>> {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: { code: 'unknown_channel', message: `Unknown IPC channel: ${String(channel).slice(0, 100)}` } };
    }
    const parsed = invokeContract[channel].args.safeParse(rawArgs);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_argument', message: `${channel}: ${z.prettifyError(parsed.error)}` } };
    }
    try {
      const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AgentError) return { ok: false, error: error.toIpc() };
      logger.error(`IPC ${channel} failed`, error);
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
    }
  };
}
export type IpcDispatch = ReturnType<typeof createIpcRouter>;
