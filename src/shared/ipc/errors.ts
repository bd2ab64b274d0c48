import type { IpcError, IpcErrorCode } from './contract.ts';

/** Thrown inside the core; the router turns it into an IpcError for the renderer. */
export class AgentError extends Error {
  readonly code: IpcErrorCode;
  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
  }
  toIpc(): IpcError {
    return { code: this.code, message: this.message };
  }
}
