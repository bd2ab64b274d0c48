/**
 * Splits untrusted message text into plain text and link parts. Components render each part as a text node
 * or an <a>, so nothing in the text is ever parsed as HTML.
 */
import { tokenize } from 'linkifyjs';
import { isOpenableLink } from './safe-url.ts';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Longer texts are shown as plain text: tokenizing megabytes of hostile input would freeze the UI. */
const MAX_LINKIFY_LENGTH = 20_000;

export function splitLinks(text: string): TextPart[] {
  if (text.length > MAX_LINKIFY_LENGTH) return [{ kind: 'text', text }];
  const parts: TextPart[] = [];
  const pushText = (value: string) => {
    const last = parts.at(-1);
    if (last?.kind === 'text') last.text += value;
    else parts.push({ kind: 'text', text: value });
  };
  for (const token of tokenize(text)) {
    const value = token.toString();
    if (token.isLink) {
      const href = token.toHref('https');
      if (isOpenableLink(href)) {
        parts.push({ kind: 'link', text: value, href });
        continue;
      }
    }
    pushText(value);
  }
  return parts;
}
