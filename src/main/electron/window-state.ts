/**
 * Window size, position and maximized state across launches. A saved position is only reused when the
 * window would still be reachable: displays get unplugged and resolutions change between runs.
 */
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const SavedWindowState = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});
export type SavedWindowState = z.infer<typeof SavedWindowState>;

export interface RestoredWindowState {
  /** x/y absent: let the OS center the window on the primary display. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const defaultWindowSize = { width: 1200, height: 800 };
export const minimumWindowSize = { width: 720, height: 480 };

/** Keep at least this much of the window on one display, or it is re-centered. */
const minimumVisible = { width: 200, height: 100 };

function overlapArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function overlapsEnough(window: Rectangle, display: Rectangle): boolean {
  const width = Math.min(window.x + window.width, display.x + display.width) - Math.max(window.x, display.x);
  const height = Math.min(window.y + window.height, display.y + display.height) - Math.max(window.y, display.y);
  return width >= Math.min(minimumVisible.width, window.width) && height >= Math.min(minimumVisible.height, window.height);
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/**
 * `saved` is whatever the settings file holds (validated here); `workAreas` are the work areas of the displays
 * connected now. The result fits entirely on the display it overlaps most.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rectangle[]): RestoredWindowState {
  const parsed = SavedWindowState.safeParse(saved);
  const largest = workAreas.reduce<Rectangle | null>((best, area) => (!best || area.width * area.height > best.width * best.height ? area : best), null);
  const fitSize = (width: number, height: number, area: Rectangle | null) => ({
    width: area ? clamp(width, Math.min(minimumWindowSize.width, area.width), area.width) : Math.max(width, minimumWindowSize.width),
    height: area ? clamp(height, Math.min(minimumWindowSize.height, area.height), area.height) : Math.max(height, minimumWindowSize.height),
  });

  if (!parsed.success) return { bounds: fitSize(defaultWindowSize.width, defaultWindowSize.height, largest), maximized: false };

  const { bounds, maximized } = parsed.data;
  const candidates = workAreas.filter((area) => overlapsEnough(bounds, area));
  const home = candidates.reduce<Rectangle | null>((best, area) => (!best || overlapArea(bounds, area) > overlapArea(bounds, best) ? area : best), null);
  if (!home) return { bounds: fitSize(bounds.width, bounds.height, largest), maximized };

  const size = fitSize(bounds.width, bounds.height, home);
  return {
    bounds: {
      x: clamp(bounds.x, home.x, home.x + home.width - size.width),
      y: clamp(bounds.y, home.y, home.y + home.height - size.height),
      ...size,
    },
    maximized,
  };
}
