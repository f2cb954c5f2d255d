import { describe, expect, it } from 'vitest';
import { compassPoint, geometryAnchor, geometryBounds, offsetPoint, viewCone } from './geometry';

describe('geometryBounds and geometryAnchor', () => {
  it('boxes every kind of geometry and skips unusable positions', () => {
    expect(geometryBounds({ type: 'Point', coordinates: [107.1, 16.8] })).toEqual([107.1, 16.8, 107.1, 16.8]);
    expect(
      geometryBounds({
        type: 'MultiPolygon',
        coordinates: [[[[107, 16], [108, 16], [108, 17], [107, 16]]], [[[106, 15], [106.5, 15], [106.5, 15.5], [106, 15]]]],
      }),
    ).toEqual([106, 15, 108, 17]);
    expect(
      geometryBounds({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, { type: 'Point', coordinates: [-1, 0] }] }),
    ).toEqual([-1, 0, 3, 4]);
    expect(geometryBounds({ type: 'LineString', coordinates: [] })).toBeNull();
    expect(geometryBounds(null)).toBeNull();
  });

  it('anchors points on themselves, lines on their middle vertex, areas on the centre of their box', () => {
    expect(geometryAnchor({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2]);
    expect(geometryAnchor({ type: 'LineString', coordinates: [[0, 0], [5, 5], [10, 0]] })).toEqual([5, 5]);
    expect(geometryAnchor({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 0]]] })).toEqual([2, 1]);
  });
});

describe('offsetPoint and viewCone', () => {
  it('moves north, east and south-west by the metres asked', () => {
    const origin: [number, number] = [107.1, 16.82];
    const north = offsetPoint(origin, 0, 111.32);
    expect(north[0]).toBeCloseTo(107.1, 9);
    expect(north[1]).toBeCloseTo(16.821, 6);
    const east = offsetPoint(origin, 90, 100);
    expect(east[1]).toBeCloseTo(16.82, 9);
    expect((east[0] - 107.1) * 111_320 * Math.cos((16.82 * Math.PI) / 180)).toBeCloseTo(100, 3);
    const sw = offsetPoint(origin, 225, 50);
    expect(sw[0]).toBeLessThan(107.1);
    expect(sw[1]).toBeLessThan(16.82);
  });

  it('draws a closed cone whose tip is the camera and whose arc lies ahead', () => {
    const cone = viewCone([107.1, 16.82], 90, 60, 40, 4);
    expect(cone[0]).toEqual([107.1, 16.82]);
    expect(cone.at(-1)).toEqual([107.1, 16.82]);
    expect(cone).toHaveLength(7);
    for (const p of cone.slice(1, -1)) expect(p[0]).toBeGreaterThan(107.1);
  });
});

describe('compassPoint', () => {
  it('names the nearest of eight directions', () => {
    expect(compassPoint(0)).toBe('N');
    expect(compassPoint(22)).toBe('N');
    expect(compassPoint(23)).toBe('NE');
    expect(compassPoint(135)).toBe('SE');
    expect(compassPoint(359.9)).toBe('N');
    expect(compassPoint(-90)).toBe('W');
  });
});
