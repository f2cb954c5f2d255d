import type { Locator } from '@playwright/test';
import { PNG } from 'pngjs';

export interface CanvasStats {
  distinctColours: number;
  /** Share of pixels that differ from the most common colour (the background). */
  nonBackgroundShare: number;
  png: PNG;
}

/** Reads a rendered element back as pixels, to tell a drawn map from a blank canvas. */
export async function canvasStats(locator: Locator): Promise<CanvasStats> {
  const png = PNG.sync.read(await locator.screenshot());
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = png.width * png.height;
  const background = Math.max(...counts.values());
  return { distinctColours: counts.size, nonBackgroundShare: 1 - background / total, png };
}

/** Fraction of pixels that differ between two same-sized screenshots. */
export function pixelDifference(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) differing++;
  }
  return differing / (a.width * a.height);
}
