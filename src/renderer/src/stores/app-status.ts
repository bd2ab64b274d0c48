import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { IpcError } from '../../../shared/ipc/contract.ts';

/** Whether the renderer has reached the core at all (the core's own server link is in the connection store). */
export const useAppStatusStore = defineStore('appStatus', () => {
  const phase = ref<'starting' | 'ready' | 'hostUnreachable'>('starting');
  const hostError = ref<IpcError | null>(null);
  const workspaceError = ref<IpcError | null>(null);
  return { phase, hostError, workspaceError };
});
