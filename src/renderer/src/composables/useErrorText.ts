import { useI18n } from 'vue-i18n';
import type { IpcError } from '../../../shared/ipc/contract.ts';
import { errorText } from '../i18n/index.ts';

export function useErrorText(): (error: IpcError) => string {
  const { t } = useI18n();
  return (error) => errorText(t, error);
}
