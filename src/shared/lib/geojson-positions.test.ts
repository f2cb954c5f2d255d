import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { forEachPosition } from './geojson-positions';

const collect = (g: Geometry, depth?: number) => {
  const out: Position[] = [];
  forEachPosition(g, (p) => out.push(p), depth);
  return out;
};

describe('forEachPosition', () => {
  it('visits every position of every geometry type', () => {
    expect(collect({ type: 'Point', coordinates: [1, 2] })).toEqual([[1, 2]]);
    expect(collect({ type: 'LineString', coordinates: [[1, 2], [3, 4]] })).toHaveLength(2);
    expect(collect({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] })).toHaveLength(8);
    expect(collect({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 1] }, { type: 'MultiPoint', coordinates: [[2, 2], [3, 3]] }] })).toHaveLength(3);
  });

  it('stops descending nested collections at the depth cap', () => {
    let g: Geometry = { type: 'Point', coordinates: [9, 9] };
    for (let i = 0; i < 20; i++) g = { type: 'GeometryCollection', geometries: [g] };
    expect(collect(g)).toEqual([]);
    expect(collect(g, 25)).toEqual([[9, 9]]);
  });
});
