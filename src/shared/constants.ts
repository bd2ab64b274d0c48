/**
 * Runtime constants and checks the renderer needs, kept free of zod so the renderer bundle does not pull it in.
 * domain.ts and ipc/contract.ts build their schemas from these.
 */

export const RequestStatus = {
  temp: 50,
  unassigned: 100,
  abandoned: 150,
  assigned: 200,
  served: 300,
  closed: 1000,
} as const;

export const webhookEvents = ['message.create', 'request.create', 'request.update', 'request.close', 'project_user.update'] as const;

/** Errors cross the boundary as data, never as thrown Error objects (Electron strips their fields). */
export const ipcErrorCodes = [
  'invalid_argument',
  'unknown_channel',
  'not_signed_in',
  'session_expired',
  'forbidden',
  'not_found',
  'network',
  'server',
  'rate_limited',
  'invalid_credentials',
  'not_tiledesk',
  'too_large',
  'internal',
] as const;

export function isIpcErrorCode(value: unknown): value is (typeof ipcErrorCodes)[number] {
  return typeof value === 'string' && (ipcErrorCodes as readonly string[]).includes(value);
}

export const SERVER_URL_MAX_LENGTH = 2048;

/** Only http(s) URLs without credentials may be a server (or webhook target) address. */
export function isServerUrl(value: string): boolean {
  if (value.length > SERVER_URL_MAX_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
