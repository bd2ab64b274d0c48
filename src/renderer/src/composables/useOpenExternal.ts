import { call, toIpcError } from '../ipc/client.ts';
import { isOpenableLink } from '../lib/safe-url.ts';
import { useToastStore } from '../stores/toasts.ts';

/** Opens a link in the system browser through the core, which checks the scheme once more. */
export function useOpenExternal(): (url: string) => void {
  const toasts = useToastStore();
  return (url) => {
    if (!isOpenableLink(url)) return;
    call('app.openExternal', { url }).catch((failure: unknown) => toasts.showError(toIpcError(failure)));
  };
}
