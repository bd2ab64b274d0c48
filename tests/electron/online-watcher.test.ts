import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchOnline } from '../../src/main/electron/online-watcher.ts';

afterEach(() => vi.useRealTimers());

describe('network back online', () => {
  it('triggers one catch-up per offline → online transition', () => {
    vi.useFakeTimers();
    let online = true;
    let catchUps = 0;
    const stop = watchOnline(() => online, () => catchUps++, 1000);
    vi.advanceTimersByTime(3000);
    expect(catchUps).toBe(0);
    online = false;
    vi.advanceTimersByTime(3000);
    online = true;
    vi.advanceTimersByTime(1000);
    expect(catchUps).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(catchUps).toBe(1);
    stop();
    online = false;
    vi.advanceTimersByTime(1000);
    online = true;
    vi.advanceTimersByTime(1000);
    expect(catchUps).toBe(1);
  });
});
