/**
 * The change batcher: a lone change goes out on the next macrotask (no flush window to wait), while a burst
 * is coalesced into one batch per window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeBatch } from '../../src/shared/domain.ts';
import { createChangeBatcher } from '../../src/main/core/sync/change-batcher.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';

const WINDOW_MS = 50;

function setup(idleMs?: number) {
  const batches: ChangeBatch[] = [];
  const batcher = createChangeBatcher({ flushMs: WINDOW_MS, idleMs, emit: (batch) => batches.push(batch) });
  return { batcher, batches };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('change batcher', () => {
  it('delivers a single change on the next macrotask, without waiting the flush window', async () => {
    const { batcher, batches } = setup();
    batcher.message(makeMessage({ id: 'm1', conversationId: 'c1' }));
    expect(batches).toHaveLength(0); // not synchronously: the same task may add more
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.messages.map((m) => m.id)).toEqual(['m1']);
  });

  it('puts changes made in the same task into one batch', async () => {
    const { batcher, batches } = setup();
    batcher.conversation(makeConversation({ id: 'c1' }));
    batcher.message(makeMessage({ id: 'm1', conversationId: 'c1' }));
    batcher.message(makeMessage({ id: 'm2', conversationId: 'c1' }));
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.conversations.map((c) => c.id)).toEqual(['c1']);
    expect(batches[0]!.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('coalesces a burst into one batch per window, losing nothing', async () => {
    const { batcher, batches } = setup();
    // 200 messages, one every 2 ms (400 ms): one batch per 50 ms window, plus the leading one.
    for (let i = 0; i < 200; i++) {
      batcher.message(makeMessage({ id: `m${i}`, conversationId: 'c1', sortKey: i }));
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThanOrEqual(400 / WINDOW_MS + 2);
    expect(batches.flatMap((b) => b.messages.map((m) => m.id))).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
  });

  it('waits for the rest of the window after a flush, then is immediate again once idle', async () => {
    const { batcher, batches } = setup();
    batcher.message(makeMessage({ id: 'm1', conversationId: 'c1' }));
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);

    batcher.message(makeMessage({ id: 'm2', conversationId: 'c1' }));
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 10);
    expect(batches).toHaveLength(1); // within the window the previous flush opened
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toHaveLength(2);

    await vi.advanceTimersByTimeAsync(WINDOW_MS * 2); // idle
    batcher.message(makeMessage({ id: 'm3', conversationId: 'c1' }));
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(3);
    expect(batches.map((b) => b.messages.map((m) => m.id))).toEqual([['m1'], ['m2'], ['m3']]);
  });

  it('with a shorter idle gap, sends sparse changes at once but still coalesces a burst per window', async () => {
    const { batcher, batches } = setup(16);
    // One change every 30 ms: each comes more than 16 ms after the previous flush, so none waits.
    for (let i = 0; i < 5; i++) {
      batcher.message(makeMessage({ id: `s${i}`, conversationId: 'c1', sortKey: i }));
      await vi.advanceTimersByTimeAsync(1);
      expect(batches).toHaveLength(i + 1);
      await vi.advanceTimersByTimeAsync(29);
    }
    batches.length = 0;
    // One change every 2 ms for 200 ms: a burst, at most one batch per window after the leading one.
    for (let i = 0; i < 100; i++) {
      batcher.message(makeMessage({ id: `b${i}`, conversationId: 'c1', sortKey: 100 + i }));
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(batches.length).toBeLessThanOrEqual(200 / WINDOW_MS + 2);
    expect(batches.flatMap((b) => b.messages.map((m) => m.id))).toEqual(Array.from({ length: 100 }, (_, i) => `b${i}`));
  });

  it('flushes what is pending on dispose and sends nothing afterwards', async () => {
    const { batcher, batches } = setup();
    batcher.message(makeMessage({ id: 'm1', conversationId: 'c1' }));
    batcher.dispose();
    expect(batches).toHaveLength(1);
    batcher.message(makeMessage({ id: 'm2', conversationId: 'c1' }));
    await vi.advanceTimersByTimeAsync(WINDOW_MS * 2);
    expect(batches).toHaveLength(1);
  });
});
