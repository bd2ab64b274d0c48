/**
 * Server URL handling. The server URL the agent types is the REST base (`http://host:3000`,
 * `https://api.tiledesk.com/v3`, `https://desk.example.com/api`); everything else is derived from it.
 *
 * Realtime URL rule: same host, port and path root as the server URL, with the ws scheme
 * (http → ws, https → wss) and a trailing slash, token in the query string:
 *   http://localhost:3000              → ws://localhost:3000/?token=…
 *   https://desk.example.com/api       → wss://desk.example.com/api/?token=…
 * The one exception is Tiledesk cloud, whose realtime gateway is a separate host:
 *   https://api.tiledesk.com/v3        → wss://eu.rtm.tiledesk.com/v2/ws/?token=…
 */

const HOSTED_REALTIME: Record<string, string> = {
  'https://api.tiledesk.com/v3': 'wss://eu.rtm.tiledesk.com/v2/ws/',
};

/** Trims whitespace, the query, the fragment and trailing slashes: `https://api.tiledesk.com/v3/` → `https://api.tiledesk.com/v3`. */
export function normalizeServerUrl(raw: string): string {
  const url = new URL(raw.trim());
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export function realtimeBaseUrl(serverUrl: string): string {
  const hosted = HOSTED_REALTIME[serverUrl];
  if (hosted) return hosted;
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${url.toString().replace(/\/+$/, '')}/`;
}

/** The token goes in the query string: the server ignores an Authorization header on the upgrade. */
export function realtimeUrl(serverUrl: string, token: string): string {
  return `${realtimeBaseUrl(serverUrl)}?token=${encodeURIComponent(token)}`;
}

/** Where an uploaded chat file is served (no auth needed): `<server>/files?path=<encoded filename>`. */
export function uploadedFileUrl(serverUrl: string, filename: string): string {
  return `${serverUrl}/files?path=${encodeURIComponent(filename)}`;
}
