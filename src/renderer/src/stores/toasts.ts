import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { IpcError } from '../../../shared/ipc/contract.ts';

/** Toasts hold data, not text: the component translates them in the current locale. */
export interface Toast {
  id: number;
  /** i18n key of what was being done ("Could not close the conversation"), if known. */
  actionKey: string | null;
  error: IpcError;
}

const AUTO_DISMISS_MS = 8000;

export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  function showError(error: IpcError, actionKey: string | null = null): void {
    // The same error repeated (a flapping sync) is shown once.
    if (toasts.value.some((toast) => toast.error.code === error.code && toast.error.message === error.message && toast.actionKey === actionKey)) return;
    const id = nextId++;
    toasts.value = [...toasts.value.slice(-3), { id, actionKey, error }];
    setTimeout(() => dismiss(id), AUTO_DISMISS_MS);
  }

  return { toasts, showError, dismiss };
});
