import { describe, expect, it } from 'vitest';
import { geometryContains, polygonContains, ringContains } from './geometry';

const square = (x: number, y: number, d: number) => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];

describe('point in polygon', () => {
  it('tells inside from outside', () => {
    expect(ringContains(square(0, 0, 1), 0.5, 0.5)).toBe(true);
    expect(ringContains(square(0, 0, 1), 1.5, 0.5)).toBe(false);
    expect(ringContains(square(0, 0, 1), 0.5, -0.1)).toBe(false);
  });

  it('treats holes as outside', () => {
    const withHole = [square(0, 0, 4), square(1, 1, 2)];
    expect(polygonContains(withHole, 0.5, 0.5)).toBe(true);
    expect(polygonContains(withHole, 2, 2)).toBe(false);
  });

  it('handles MultiPolygons and ignores non-areal geometry', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(geometryContains(multi, 5.5, 5.5)).toBe(true);
    expect(geometryContains(multi, 3, 3)).toBe(false);
    expect(geometryContains({ type: 'Point', coordinates: [0, 0] }, 0, 0)).toBe(false);
    expect(geometryContains(null, 0, 0)).toBe(false);
  });
});
