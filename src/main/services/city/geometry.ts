import type { Geometry, Position } from 'geojson';

/**
 * Point-in-polygon for checking that every asset sits in the ward that claims it. Even-odd
 * ray casting: holes count as outside, and a point exactly on a shared ward edge belongs to
 * whichever side the arithmetic picks, which is all an integrity check needs.
 */
export function ringContains(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonContains(rings: readonly (readonly Position[])[], lon: number, lat: number): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !ringContains(outer, lon, lat)) return false;
  return !holes.some((hole) => ringContains(hole, lon, lat));
}

/** Polygons and MultiPolygons contain points; every other geometry contains none. */
export function geometryContains(geometry: Geometry | null, lon: number, lat: number): boolean {
  if (geometry?.type === 'Polygon') return polygonContains(geometry.coordinates, lon, lat);
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates.some((polygon) => polygonContains(polygon, lon, lat));
  return false;
}
