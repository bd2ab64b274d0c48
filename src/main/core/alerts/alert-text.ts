/**
 * The words of tray toasts, in the app's UI languages. The renderer has its own i18n; the core only needs
 * these few lines, so a small table here instead of a dependency.
 */
import type { AppSettings } from '../../../shared/domain.ts';

export type AlertLocale = 'en' | 'it';

export interface AlertText {
  newRequestFrom(name: string): string;
  newMessagesFrom(name: string, count: number): string;
  visitor: string;
  image: string;
  file: string;
  newMessage: string;
  newRequests(count: number): string;
  newMessagesIn(messages: number, conversations: number): string;
  whileAway: string;
  newActivity: string;
}

const pluralRules = { en: new Intl.PluralRules('en'), it: new Intl.PluralRules('it') };

function plural(locale: AlertLocale, count: number, one: string, other: string): string {
  return `${count} ${pluralRules[locale].select(count) === 'one' ? one : other}`;
}

const texts: Record<AlertLocale, AlertText> = {
  en: {
    newRequestFrom: (name) => `New request from ${name}`,
    newMessagesFrom: (name, count) => `${name} · ${count} new messages`,
    visitor: 'Visitor',
    image: '📷 Image',
    file: 'File',
    newMessage: 'New message',
    newRequests: (count) => plural('en', count, 'new request', 'new requests'),
    newMessagesIn: (messages, conversations) =>
      `${plural('en', messages, 'new message', 'new messages')} in ${plural('en', conversations, 'conversation', 'conversations')}`,
    whileAway: 'While you were away',
    newActivity: 'New activity',
  },
  it: {
    newRequestFrom: (name) => `Nuova richiesta da ${name}`,
    newMessagesFrom: (name, count) => `${name} · ${count} nuovi messaggi`,
    visitor: 'Visitatore',
    image: '📷 Immagine',
    file: 'File',
    newMessage: 'Nuovo messaggio',
    newRequests: (count) => plural('it', count, 'nuova richiesta', 'nuove richieste'),
    newMessagesIn: (messages, conversations) =>
      `${plural('it', messages, 'nuovo messaggio', 'nuovi messaggi')} in ${plural('it', conversations, 'conversazione', 'conversazioni')}`,
    whileAway: 'Mentre eri via',
    newActivity: 'Nuova attività',
  },
};

export function alertText(locale: AlertLocale): AlertText {
  return texts[locale];
}

/** The toast language for a locale setting: 'system' follows the host's locale (Italian if it is Italian, else English). */
export function alertLocale(setting: AppSettings['locale'], systemLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): AlertLocale {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('it') ? 'it' : 'en';
}
