/**
 * The browser host carries the IPC contract over a local WebSocket. JSON cannot hold the Uint8Array of an
 * attachment, so bytes travel as {"$bytes": base64}. Frames:
 *   renderer → host: {type:'invoke', id, channel, args}
 *   host → renderer: {type:'result', id, response} | {type:'event', event, payload}
 */
import type { EventChannel, IpcResponse } from './contract.ts';

export type BridgeClientFrame = { type: 'invoke'; id: number; channel: string; args: unknown };
export type BridgeHostFrame =
  | { type: 'result'; id: number; response: IpcResponse<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeFrame(frame: BridgeClientFrame | BridgeHostFrame): string {
  return JSON.stringify(frame, (_key, value: unknown) => (value instanceof Uint8Array ? { $bytes: toBase64(value) } : value));
}

export function decodeFrame(text: string): unknown {
  // A reviver makes JSON.parse several times slower on big frames (the inbox snapshot): only frames that can
  // hold bytes pay for it. Without the key in the text, no value can be {"$bytes": …}.
  if (!text.includes('"$bytes"')) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof record.$bytes === 'string') return fromBase64(record.$bytes);
    }
    return value;
  });
}
