/**
 * Splits untrusted message text into plain text and link parts. Components render each part as a text node
 * or an <a>, so nothing in the text is ever parsed as HTML.
 */
import { tokenize } from 'linkifyjs';
import { isOpenableLink } from './safe-url.ts';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Longer texts are shown as plain text: tokenizing megabytes of hostile input would freeze the UI. */
const MAX_LINKIFY_LENGTH = 20_000;
/** Characters that end a URL even where linkify would carry on: markup pasted around a link (`href="…">Open`). */
const URL_STOP = /["'<>]/;
/** Each cut re-scans the rest of the text: past this many, the rest stays plain text. */
const MAX_CUTS = 100;

function pushText(parts: TextPart[], value: string): void {
  if (!value) return;
  const last = parts.at(-1);
  if (last?.kind === 'text') last.text += value;
  else parts.push({ kind: 'text', text: value });
}

/**
 * Appends the parts of `text`. When a URL runs into a stop character it ends there and the index of that
 * character is returned, so the caller scans the rest afresh; null when the whole text was consumed.
 */
function appendParts(parts: TextPart[], text: string): number | null {
  let offset = 0;
  for (const token of tokenize(text)) {
    const value = token.toString();
    if (token.isLink) {
      const stop = token.t === 'url' ? value.search(URL_STOP) : -1;
      if (stop >= 0) {
        // Scanned again (it holds no stop character, so it is consumed whole) for linkify to trim trailing punctuation.
        appendParts(parts, value.slice(0, stop));
        return offset + stop;
      }
      const href = token.toHref('https');
      if (isOpenableLink(href)) {
        parts.push({ kind: 'link', text: value, href });
        offset += value.length;
        continue;
      }
    }
    pushText(parts, value);
    offset += value.length;
  }
  return null;
}

export function splitLinks(text: string): TextPart[] {
  if (text.length > MAX_LINKIFY_LENGTH) return [{ kind: 'text', text }];
  const parts: TextPart[] = [];
  let rest = text;
  for (let cuts = 0; rest; cuts++) {
    if (cuts > MAX_CUTS) {
      pushText(parts, rest);
      break;
    }
    const stop = appendParts(parts, rest);
    if (stop === null) break;
    pushText(parts, rest[stop]!);
    rest = rest.slice(stop + 1);
  }
  return parts;
}
