import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConnectionStore } from '../stores/connection.ts';
import { useNow } from './useNow.ts';

/** Connection status wording shared by the status bar and the banner, with a live reconnect countdown. */
export function useConnectionText() {
  const { t } = useI18n();
  const connection = useConnectionStore();
  const now = useNow(1000);

  const secondsToRetry = computed(() => {
    const retryAt = connection.state.retryAt;
    return retryAt === null ? null : Math.max(0, Math.ceil((retryAt - now.value) / 1000));
  });

  const label = computed(() => {
    const { status } = connection.state;
    if (status === 'reconnecting') {
      const seconds = secondsToRetry.value;
      return seconds ? t('status.reconnecting', { seconds }) : t('status.reconnectingNow');
    }
    return t(`status.${status}`);
  });

  return { label, secondsToRetry };
}
