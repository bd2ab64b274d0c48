import { createI18n } from 'vue-i18n';
import en from './en.ts';
import it from './it.ts';
import type { IpcError } from '../../../shared/ipc/contract.ts';

export function createAppI18n(locale: 'en' | 'it' = 'en') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, it },
  });
}

/** Codes whose raw server message helps the agent (the others are fully explained by the friendly text). */
const withDetail = new Set<IpcError['code']>(['server', 'internal', 'invalid_argument', 'forbidden']);

/** A friendly sentence for an IpcError, with the core's message appended where it adds something. */
export function errorText(t: (key: string, values?: Record<string, unknown>) => string, error: IpcError): string {
  const friendly = t(`errors.${error.code}`);
  return withDetail.has(error.code) && error.message ? `${friendly} ${t('errors.detail', { message: error.message })}` : friendly;
}
