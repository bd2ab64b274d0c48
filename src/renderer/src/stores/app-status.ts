import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { InvokeResult, IpcError } from '../../../shared/ipc/contract.ts';

export type HostInfo = InvokeResult<'app.info'>;

/** Whether the renderer has reached the core at all (the core's own server link is in the connection store). */
export const useAppStatusStore = defineStore('appStatus', () => {
  const phase = ref<'starting' | 'ready' | 'hostUnreachable'>('starting');
  const hostError = ref<IpcError | null>(null);
  const workspaceError = ref<IpcError | null>(null);
  /** What the host said about itself (null until known, or when it could not say). */
  const hostInfo = ref<HostInfo | null>(null);
  return { phase, hostError, workspaceError, hostInfo };
});
