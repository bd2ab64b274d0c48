import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** The BCP 47 tag Intl formatting should use: the UI language. */
export function useLocale() {
  const { locale } = useI18n();
  return computed(() => String(locale.value));
}
