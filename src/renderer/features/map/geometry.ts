import type { Geometry, Position } from 'geojson';
import { forEachPosition } from '../../../shared/lib/geojson-positions';

export type Bounds = [west: number, south: number, east: number, north: number];
export type LngLat = [number, number];

/** The bounding box of any GeoJSON geometry, or null when it holds no usable coordinate. */
export function geometryBounds(geometry: Geometry | null | undefined): Bounds | null {
  if (!geometry) return null;
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  let seen = false;
  const visit = (p: Position) => {
    const [lon, lat] = p;
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) return;
    seen = true;
    b[0] = Math.min(b[0], lon);
    b[1] = Math.min(b[1], lat);
    b[2] = Math.max(b[2], lon);
    b[3] = Math.max(b[3], lat);
  };
  forEachPosition(geometry, visit);
  return seen ? b : null;
}


/** Where to point at a feature: the point itself, the middle vertex of a line, else the centre of its box. */
export function geometryAnchor(geometry: Geometry | null | undefined): LngLat | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
  if (geometry.type === 'LineString' && geometry.coordinates.length > 0) {
    const mid = geometry.coordinates[Math.floor(geometry.coordinates.length / 2)]!;
    return [mid[0]!, mid[1]!];
  }
  const b = geometryBounds(geometry);
  return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : null;
}

const METRES_PER_DEGREE_LAT = 111_320;

/** A point `metres` away from `origin` towards `bearing` degrees clockwise from north (flat-earth; fine at city scale). */
export function offsetPoint(origin: LngLat, bearing: number, metres: number): LngLat {
  const rad = (bearing * Math.PI) / 180;
  const dLat = (metres * Math.cos(rad)) / METRES_PER_DEGREE_LAT;
  const dLon = (metres * Math.sin(rad)) / (METRES_PER_DEGREE_LAT * Math.cos((origin[1] * Math.PI) / 180));
  return [origin[0] + dLon, origin[1] + dLat];
}

/** A camera's field of view as a closed polygon ring: apex at the camera, arc ahead of it. */
export function viewCone(origin: LngLat, heading: number, metres = 60, spreadDeg = 50, steps = 6): LngLat[] {
  const ring: LngLat[] = [origin];
  for (let i = 0; i <= steps; i++) ring.push(offsetPoint(origin, heading - spreadDeg / 2 + (spreadDeg * i) / steps, metres));
  ring.push(origin);
  return ring;
}

export const compassPoints = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type CompassPoint = (typeof compassPoints)[number];

export function compassPoint(degrees: number): CompassPoint {
  const normalised = ((degrees % 360) + 360) % 360;
  return compassPoints[Math.round(normalised / 45) % 8]!;
}
