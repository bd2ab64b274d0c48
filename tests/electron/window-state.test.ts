import { describe, expect, it } from 'vitest';
import { defaultWindowSize, restoreWindowState } from '../../src/main/electron/window-state.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const externalRight = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('restoring the window onto a visible display', () => {
  it('reopens where it was when that display is still there', () => {
    const restored = restoreWindowState({ bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: false }, [laptop, externalRight]);
    expect(restored).toEqual({ bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: false });
  });

  it('re-centres a window whose display was unplugged', () => {
    const restored = restoreWindowState({ bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: true }, [laptop]);
    expect(restored.bounds.x).toBeUndefined();
    expect(restored.bounds.y).toBeUndefined();
    expect(restored.bounds.width).toBeLessThanOrEqual(laptop.width);
    expect(restored.bounds.height).toBeLessThanOrEqual(laptop.height);
    expect(restored.maximized).toBe(true);
  });

  it('pulls a window hanging off the edge fully onto the display', () => {
    const restored = restoreWindowState({ bounds: { x: 1000, y: 600, width: 1000, height: 700 }, maximized: false }, [laptop]);
    const { x = -1, y = -1, width, height } = restored.bounds;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + width).toBeLessThanOrEqual(laptop.width);
    expect(y + height).toBeLessThanOrEqual(laptop.height);
  });

  it('shrinks a window larger than the display it is on', () => {
    const restored = restoreWindowState({ bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false }, [laptop]);
    expect(restored.bounds).toEqual({ x: 0, y: 0, width: laptop.width, height: laptop.height });
  });

  it('handles displays left of and above the primary (negative coordinates)', () => {
    const left = { x: -1920, y: -200, width: 1920, height: 1080 };
    const restored = restoreWindowState({ bounds: { x: -1800, y: -150, width: 800, height: 600 }, maximized: false }, [laptop, left]);
    expect(restored.bounds).toEqual({ x: -1800, y: -150, width: 800, height: 600 });
  });

  it('starts with the default size when nothing usable was saved', () => {
    for (const saved of [undefined, null, 'garbage', { bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false }]) {
      const restored = restoreWindowState(saved, [externalRight]);
      expect(restored.bounds).toEqual({ width: defaultWindowSize.width, height: defaultWindowSize.height });
      expect(restored.maximized).toBe(false);
    }
  });
});
