import type { Rect } from '../../../shared/domain/displays';

/** Smaller than this a console window is useless; work areas smaller still win, though. */
export const MIN_WINDOW_SIZE = { width: 480, height: 320 } as const;

export function rectsEqual(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function isFiniteRect(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every(Number.isFinite);
}

/** Moves `rect` by the offset that takes `from`'s origin to `to`'s origin. */
export function translate(rect: Rect, from: Rect, to: Rect): Rect {
  return { ...rect, x: rect.x - from.x + to.x, y: rect.y - from.y + to.y };
}

/**
 * Fits a window into a work area: never larger than the area, never smaller than a usable
 * minimum (unless the area itself is), and never hanging off any edge. Garbage in (NaN,
 * Infinity) gets the whole work area rather than a window nobody can find.
 */
export function clampToWorkArea(rect: Rect, workArea: Rect, min: { width: number; height: number } = MIN_WINDOW_SIZE): Rect {
  if (!isFiniteRect(rect)) return { ...workArea };
  const width = clamp(Math.round(rect.width), Math.min(min.width, workArea.width), workArea.width);
  const height = clamp(Math.round(rect.height), Math.min(min.height, workArea.height), workArea.height);
  return {
    x: clamp(Math.round(rect.x), workArea.x, workArea.x + workArea.width - width),
    y: clamp(Math.round(rect.y), workArea.y, workArea.y + workArea.height - height),
    width,
    height,
  };
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), hi);
}
