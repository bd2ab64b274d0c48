import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useConnectionStore } from '../stores/connection.ts';
import { useSessionStore } from '../stores/session.ts';

/**
 * Whether actions that need the server right now (join, close, tags, availability…) can run. While offline or
 * with an expired session they are disabled with the reason as their tooltip, instead of failing with an error.
 * Replies are not among them: the outbox keeps those until the server is back.
 */
export function useServerActions() {
  const { t } = useI18n();
  const session = useSessionStore();
  const connection = useConnectionStore();

  const blockedReason = computed<string | null>(() => {
    if (session.state?.status !== 'signedIn') return t('serverActions.signInAgain');
    const status = connection.state.status;
    return status === 'offline' || status === 'reconnecting' ? t('serverActions.offline') : null;
  });

  return { available: computed(() => blockedReason.value === null), blockedReason };
}
