/** The server → client frames of the Tiledesk WebSocket (protocol doc §6.2, §6.5), checked before use. */
import { z } from 'zod';

export const PublishFrame = z.object({
  action: z.literal('publish'),
  payload: z.object({
    topic: z.string().min(1),
    method: z.enum(['CREATE', 'UPDATE']),
    message: z.unknown(),
  }),
});
export type PublishFrame = z.infer<typeof PublishFrame>;

export type ServerFrame =
  | { kind: 'publish'; topic: string; method: 'CREATE' | 'UPDATE'; message: unknown }
  | { kind: 'heartbeat'; text: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; reason: string };

export function parseServerFrame(data: string): ServerFrame {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'malformed', reason: 'not an object' };
  const action = (value as { action?: unknown }).action;
  if (action === 'heartbeat') {
    const text = (value as { payload?: { message?: { text?: unknown } } }).payload?.message?.text;
    return { kind: 'heartbeat', text: typeof text === 'string' ? text : '' };
  }
  if (action === 'publish') {
    const payload = (value as { payload?: { method?: unknown } }).payload;
    // Relayed client publishes carry no method: never trust them (protocol doc §6.2).
    if (payload && typeof payload === 'object' && payload.method === undefined) return { kind: 'ignored', reason: 'publish without method' };
    const parsed = PublishFrame.safeParse(value);
    if (!parsed.success) return { kind: 'malformed', reason: `bad publish: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    return { kind: 'publish', ...parsed.data.payload };
  }
  if (typeof action === 'string') return { kind: 'ignored', reason: `action ${action.slice(0, 40)}` };
  return { kind: 'malformed', reason: 'no action' };
}

export const clientFrames = {
  subscribe: (topic: string) => JSON.stringify({ action: 'subscribe', payload: { topic } }),
  unsubscribe: (topic: string) => JSON.stringify({ action: 'unsubscribe', payload: { topic } }),
  heartbeat: () => JSON.stringify({ action: 'heartbeat', payload: { message: { text: 'ping' } } }),
};
