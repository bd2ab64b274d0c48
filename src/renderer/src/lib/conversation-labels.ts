/** Human labels for conversation fields Tiledesk stores as internal names or codes. */

/** Tiledesk's own web chat widget: what almost every conversation comes from, so the inbox does not label it. */
export const DEFAULT_CHANNEL = 'chat21';

/** Channels with a translated label (i18n `channel.<name>`); others show their name as Tiledesk stores it. */
const knownChannels = new Set(['chat21', 'email', 'form', 'whatsapp', 'telegram', 'messenger', 'instagram', 'sms', 'voice']);

export function isDefaultChannel(channel: string): boolean {
  return channel === '' || channel === DEFAULT_CHANNEL;
}

/** The i18n key of a known channel, or null for one the app has no label for. */
export function channelLabelKey(channel: string): string | null {
  const name = channel.trim().toLowerCase();
  return knownChannels.has(name) ? `channel.${name}` : null;
}

const languageNames = new Map<string, Intl.DisplayNames | null>();

/** "it" → "Italian" (in the UI's language); a tag Intl does not know is shown as it came. */
export function languageName(code: string, locale: string): string {
  const tag = code.trim();
  if (!tag) return code;
  let names = languageNames.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
    } catch {
      names = null;
    }
    languageNames.set(locale, names);
  }
  try {
    return names?.of(tag) ?? tag;
  } catch {
    // Not a well-formed BCP 47 tag (visitor browsers send anything).
    return tag;
  }
}
