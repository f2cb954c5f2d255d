import type { Geometry, Position } from 'geojson';

/**
 * Calls `visit` for every position of a GeoJSON geometry. Nested GeometryCollections are legal
 * but never deep in real files; `maxDepth` keeps a hostile file finite.
 */
export function forEachPosition(geometry: Geometry, visit: (p: Position) => void, maxDepth = 8): void {
  walk(geometry, visit, maxDepth);
}

function walk(geometry: Geometry, visit: (p: Position) => void, depthLeft: number): void {
  switch (geometry.type) {
    case 'Point':
      return visit(geometry.coordinates);
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates.forEach(visit);
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.forEach((ring) => ring.forEach(visit));
    case 'MultiPolygon':
      return geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
    case 'GeometryCollection':
      if (depthLeft > 0) geometry.geometries.forEach((g) => walk(g, visit, depthLeft - 1));
  }
}
