import { describe, expect, it } from 'vitest';
import { assertTileAddress, flipY, latToTileY, lonToTileX } from './tile-coords';

describe('tile coordinates', () => {
  it('flips between XYZ and TMS rows, and back', () => {
    expect(flipY(0, 0)).toBe(0);
    expect(flipY(3, 0)).toBe(7);
    expect(flipY(14, flipY(14, 7571))).toBe(7571);
  });

  it('finds the tile that holds a point (Đông Hà at zoom 14)', () => {
    // 107.1°E, 16.82°N: x = floor((lon + 180) / 360 · 2^14); y = floor((1 − ln(tan φ + sec φ) / π) / 2 · 2^14).
    expect(lonToTileX(107.1, 14)).toBe(13066);
    expect(latToTileY(16.82, 14)).toBe(7415); // worked out by hand with Python's math module
    expect(lonToTileX(180, 2)).toBe(3);
    expect(latToTileY(89.9, 2)).toBe(0);
  });

  it('accepts addresses on the grid and refuses the rest', () => {
    expect(() => assertTileAddress(0, 0, 0)).not.toThrow();
    expect(() => assertTileAddress(2, 3, 3)).not.toThrow();
    expect(() => assertTileAddress(2, 4, 0)).toThrow(/x=4 is outside 0–3 at zoom 2/);
    expect(() => assertTileAddress(2, 0, 1.5)).toThrow(/y=1.5/);
    expect(() => assertTileAddress(-1, 0, 0)).toThrow(/zoom -1/);
  });
});
