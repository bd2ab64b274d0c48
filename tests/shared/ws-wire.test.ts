/** The browser host's wire format: bytes survive JSON as {"$bytes": base64}; other frames decode unchanged. */
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type BridgeHostFrame } from '../../src/shared/ipc/ws-wire.ts';

describe('ws-wire', () => {
  it('round-trips Uint8Array values, nested anywhere in the frame', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const frame: BridgeHostFrame = { type: 'result', id: 3, response: { ok: true, value: { file: { name: 'a.bin', bytes }, list: [new Uint8Array([1, 2, 3])] } } };
    const text = encodeFrame(frame);
    expect(text).toContain('"$bytes"');
    const decoded = decodeFrame(text) as { response: { value: { file: { bytes: unknown }; list: unknown[] } } };
    expect(decoded.response.value.file.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(decoded.response.value.file.bytes as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(decoded.response.value.list[0]).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('decodes a frame without bytes to exactly what was encoded', () => {
    const frame: BridgeHostFrame = {
      type: 'event',
      event: 'sync.batch',
      payload: { conversations: [{ id: 'c1', text: 'a "quoted" $bytes-looking text', tags: ['x'], nested: { n: 1, nil: null } }], messages: [], ok: true },
    };
    const text = encodeFrame(frame);
    expect(decodeFrame(text)).toEqual(frame);
    expect(decodeFrame(text)).toEqual(JSON.parse(text));
  });

  it('leaves an object that only looks like bytes alone when it has other keys', () => {
    const frame = { type: 'event', event: 'sync.batch', payload: { $bytes: 'AQID', other: 1 } } as unknown as BridgeHostFrame;
    expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
  });
});
