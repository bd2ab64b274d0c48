/** `tiledesk-agent://conversation/<id>` links, from the OS (open-url, second-instance argv, first launch argv). */

export const deepLinkScheme = 'tiledesk-agent';

const conversationIdPattern = /^[\w.:@-]{1,512}$/;

/** The conversation a deep link points at, or null when the text is not a well-formed link of ours. */
export function conversationIdFromDeepLink(link: string): string | null {
  if (link.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${deepLinkScheme}:` || url.hostname !== 'conversation') return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length !== 1) return null;
  let id: string;
  try {
    id = decodeURIComponent(segments[0] ?? '');
  } catch {
    return null;
  }
  return conversationIdPattern.test(id) ? id : null;
}

/** Windows and Linux pass the link as a command-line argument: take the last one that parses. */
export function conversationIdFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i];
    if (arg?.startsWith(`${deepLinkScheme}:`)) {
      const id = conversationIdFromDeepLink(arg);
      if (id) return id;
    }
  }
  return null;
}
