import { describe, expect, it } from 'vitest';
import type { Rgb } from './image-ops';
import { detectTiled, tileGrid } from './tiling';

const tiling = { enabled: true, cols: 2, rows: 2, overlap: 0.2, includeFull: true };

describe('tiling', () => {
  it('covers the frame with overlapping tiles', () => {
    const tiles = tileGrid(640, 360, tiling);
    expect(tiles).toHaveLength(4);
    expect(tiles[0]).toEqual({ x: 0, y: 0, w: 356, h: 200 });
    expect(tiles[3]!.x + tiles[3]!.w).toBe(640);
    expect(tiles[3]!.y + tiles[3]!.h).toBe(360);
    // Neighbours share at least 20 % of a tile.
    expect(tiles[0]!.x + tiles[0]!.w - tiles[1]!.x).toBeGreaterThanOrEqual(0.2 * 356 - 1);
  });

  it('finds a small object only the tiles see, maps it to frame pixels, and merges its duplicates', async () => {
    const image: Rgb = { width: 640, height: 360, data: new Uint8Array(640 * 360 * 3) };
    const offsets = tileGrid(640, 360, tiling);
    // A fake detector: on the whole frame it sees only a big car; on a tile (zoomed in) it also sees a 10×20
    // person at frame (300, 100) when the tile holds it whole, reported in the tile's own coordinates.
    const target = { x: 300, y: 100, w: 10, h: 20 };
    const seen: string[] = [];
    const { detections, tiles } = await detectTiled(image, tiling, async (part) => {
      seen.push(`${part.width}×${part.height}`);
      if (part.width === 640) return [{ cls: 'car', score: 0.9, box: [0, 250, 200, 100] }];
      const tile = offsets[seen.length - 2]!;
      const holds = target.x >= tile.x && target.x + target.w <= tile.x + tile.w && target.y >= tile.y && target.y + target.h <= tile.y + tile.h;
      return holds ? [{ cls: 'person', score: 0.6, box: [target.x - tile.x, target.y - tile.y, target.w, target.h] }] : [];
    });
    expect(tiles).toBe(5);
    expect(seen).toEqual(['640×360', '356×200', '356×200', '356×200', '356×200']);
    expect(detections).toEqual([
      { cls: 'car', score: 0.9, box: [0, 250, 200, 100] },
      { cls: 'person', score: 0.6, box: [300, 100, 10, 20] },
    ]);
  });

  it('runs the whole frame once when tiling is off', async () => {
    const image: Rgb = { width: 64, height: 36, data: new Uint8Array(64 * 36 * 3) };
    let calls = 0;
    await detectTiled(image, { ...tiling, enabled: false }, async () => (calls++, []));
    expect(calls).toBe(1);
  });
});
