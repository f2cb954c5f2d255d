import type { TilingSettings } from '../../shared/domain/vision';
import { nms } from './box-math';
import { crop, type Rgb } from './image-ops';

export interface PixelDetection {
  cls: string;
  score: number;
  /** x, y, w, h in pixels of the image passed to the detector. */
  box: [number, number, number, number];
}

export type RunDetector = (image: Rgb) => Promise<PixelDetection[]>;

export interface Tile {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Overlapping tiles covering the frame: neighbours share `overlap` of a tile so an object on a seam is whole in one. */
export function tileGrid(width: number, height: number, t: Pick<TilingSettings, 'cols' | 'rows' | 'overlap'>): Tile[] {
  const tw = Math.min(width, Math.ceil(width / (t.cols - (t.cols - 1) * t.overlap)));
  const th = Math.min(height, Math.ceil(height / (t.rows - (t.rows - 1) * t.overlap)));
  const tiles: Tile[] = [];
  for (let r = 0; r < t.rows; r++) {
    for (let c = 0; c < t.cols; c++) {
      const x = t.cols === 1 ? 0 : Math.round((c * (width - tw)) / (t.cols - 1));
      const y = t.rows === 1 ? 0 : Math.round((r * (height - th)) / (t.rows - 1));
      tiles.push({ x, y, w: tw, h: th });
    }
  }
  return tiles;
}

/**
 * Runs the detector on the whole frame and/or on overlapping tiles, maps tile boxes back to
 * the frame and merges duplicates. A box cut by a tile edge (touching it, not the frame edge)
 * is discarded when another tile or the full frame sees the object whole.
 */
export async function detectTiled(image: Rgb, tiling: TilingSettings, run: RunDetector): Promise<{ detections: PixelDetection[]; tiles: number }> {
  if (!tiling.enabled || (tiling.cols === 1 && tiling.rows === 1)) return { detections: await run(image), tiles: 1 };
  const all: (PixelDetection & { cut: boolean })[] = [];
  let tiles = 0;
  if (tiling.includeFull) {
    for (const d of await run(image)) all.push({ ...d, cut: false });
    tiles++;
  }
  for (const tile of tileGrid(image.width, image.height, tiling)) {
    const part = crop(image, tile.x, tile.y, tile.w, tile.h);
    for (const d of await run(part)) {
      const [x, y, w, h] = d.box;
      const margin = 2;
      const cut =
        (x <= margin && tile.x > 0) ||
        (y <= margin && tile.y > 0) ||
        (x + w >= tile.w - margin && tile.x + tile.w < image.width) ||
        (y + h >= tile.h - margin && tile.y + tile.h < image.height);
      all.push({ cls: d.cls, score: d.score, box: [x + tile.x, y + tile.y, w, h], cut });
    }
    tiles++;
  }
  // Whole boxes win over cut ones; among equals the better score wins.
  const ranked = all.map((d) => ({ ...d, score: d.cut ? d.score * 0.5 : d.score, original: d.score }));
  return { detections: nms(ranked).map((d) => ({ cls: d.cls, score: d.original, box: d.box })), tiles };
}
