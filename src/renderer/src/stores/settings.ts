import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppSettings } from '../../../shared/domain.ts';
import type { IpcError } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';

export type UiLocale = 'en' | 'it';

/** `navigator.language` mapped to a locale the UI has. */
export function systemLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]): UiLocale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'it' || base === 'en') return base;
  }
  return 'en';
}

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<AppSettings | null>(null);
  const error = ref<IpcError | null>(null);

  const locale = computed<UiLocale>(() => {
    const chosen = settings.value?.locale ?? 'system';
    return chosen === 'system' ? systemLocale() : chosen;
  });

  async function load(): Promise<void> {
    try {
      settings.value = await call('settings.get', null);
      error.value = null;
    } catch (failure) {
      error.value = toIpcError(failure);
    }
  }

  async function update(patch: Partial<AppSettings>): Promise<boolean> {
    try {
      settings.value = await call('settings.update', patch);
      error.value = null;
      return true;
    } catch (failure) {
      error.value = toIpcError(failure);
      return false;
    }
  }

  return { settings, error, locale, load, update };
});
