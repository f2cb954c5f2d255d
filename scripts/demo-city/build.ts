import type { Feature } from 'geojson';
import { cityAssetsSchema, cityOverviewSchema, type CityAssets, type CityOverview, type Ward } from '../../src/shared/domain/city';
import { ringContains } from '../../src/main/services/city/geometry';
import { bbox, centroid, round, type P } from './geo';
import { waterShapes, wardShapes } from './layout';
import { landmarks } from './places';
import { roadShapes } from './roads';
import { buildAssets } from './assets';

/**
 * Builds every file of resources/demo-city from the drawing in this folder. Deterministic:
 * the same source always gives byte-identical files, which a test checks against the
 * committed ones.
 */

export const cityText = {
  id: 'dong-ha',
  name: { vi: 'Thành phố Đông Hà', en: 'Đông Hà City' },
  province: 'Quảng Trị',
  defaultZoom: 13.6,
  attribution: [
    'Bản đồ thành phố mẫu (ranh giới phường, đường phố, sông, địa điểm): do dự án IOC Console tự vẽ từ hiểu biết chung về thành phố; gần đúng; CC0/MIT.',
    'Demo city map (ward boundaries, streets, rivers, landmarks): geometry drawn by the IOC Console project from general knowledge of the city; approximate; CC0/MIT. Not derived from OpenStreetMap or any other dataset.',
    'Camera, traffic-signal, lighting and flood-gauge positions are fictional demo assets placed by the IOC Console project (CC0/MIT).',
  ],
  geometryNote: {
    vi: 'Hình học của thành phố mẫu chỉ gần đúng, dùng để trình diễn và diễn tập; không dùng cho đo đạc, quy hoạch hay xác định ranh giới hành chính.',
    en: 'The demo city geometry is approximate, for demonstration and drills only; it is not for surveying, planning or establishing administrative boundaries.',
  },
} as const;

export type DemoCityFiles = Record<'city.json' | 'wards.geojson' | 'roads.geojson' | 'water.geojson' | 'landmarks.geojson' | 'assets.json', string>;

export function buildDemoCity(): DemoCityFiles {
  const wardRings = wardShapes.map((w) => ({ ...w, ring: roundRing(w.ring) }));
  const wards: Ward[] = wardRings.map((w) => ({ id: w.id, name: w.name, center: labelPoint(w.ring), bbox: bbox(w.ring) }));
  const all = wardRings.flatMap((w) => w.ring);
  const bounds = bbox(all);
  const overview: CityOverview = cityOverviewSchema.parse({
    id: cityText.id,
    name: cityText.name,
    province: cityText.province,
    center: round([(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2], 4),
    bounds: [floorTo(bounds[0]), floorTo(bounds[1]), ceilTo(bounds[2]), ceilTo(bounds[3])],
    defaultZoom: cityText.defaultZoom,
    wards,
    attribution: cityText.attribution,
    geometryNote: cityText.geometryNote,
  });
  const assets: CityAssets = cityAssetsSchema.parse(buildAssets());

  return {
    'city.json': `${compactNumberArrays(JSON.stringify(overview, null, 2))}\n`,
    'wards.geojson': featureCollection(
      wardRings.map((w) => feature({ id: w.id, name: w.name }, { type: 'Polygon', coordinates: [w.ring] })),
    ),
    'roads.geojson': featureCollection(
      roadShapes.map((r) =>
        feature({ id: r.id, name: r.name, class: r.class, ...(r.ref ? { ref: r.ref } : {}) }, { type: 'LineString', coordinates: dedupe(r.line.map((p) => round(p))) }),
      ),
    ),
    'water.geojson': featureCollection(
      waterShapes.map((w) => feature({ id: w.id, name: w.name, kind: w.kind }, { type: 'Polygon', coordinates: [roundRing(w.ring)] })),
    ),
    'landmarks.geojson': featureCollection(
      landmarks.map(({ position, ...props }) => feature(props, { type: 'Point', coordinates: round(position) })),
    ),
    'assets.json': assetsJson(assets),
  };
}

function feature(properties: Record<string, unknown>, geometry: Feature['geometry']): Feature {
  return { type: 'Feature', properties, geometry };
}

/** One feature per line: readable diffs, and far smaller than fully indented JSON. */
function featureCollection(features: Feature[]): string {
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

function assetsJson(assets: CityAssets): string {
  const lines = Object.entries(assets).map(([key, value]) => {
    if (!Array.isArray(value)) return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    return `  ${JSON.stringify(key)}: [\n${value.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Keeps `[107.1, 16.8]` on one line in indented JSON. */
function compactNumberArrays(json: string): string {
  return json.replace(/\[\s+(-?\d[\d.eE+-]*(?:,\s+-?\d[\d.eE+-]*)*)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ', ')}]`);
}

function roundRing(ring: readonly P[]): P[] {
  return dedupe(ring.map((p) => round(p)));
}

/** Rounding can make neighbouring points equal; GeoJSON viewers dislike zero-length segments. */
function dedupe(points: readonly P[]): P[] {
  return points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
}

/** A point inside the ward for its label: the centroid when it is inside, else the nearest interior grid point. */
function labelPoint(ring: readonly P[]): P {
  const c = centroid(ring);
  if (ringContains(ring, c[0], c[1])) return round(c, 5);
  const [w, s, e, n] = bbox(ring);
  let best: P | null = null;
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const p: P = [w + ((e - w) * i) / 40, s + ((n - s) * j) / 40];
      if (!ringContains(ring, p[0], p[1])) continue;
      if (!best || Math.hypot(p[0] - c[0], p[1] - c[1]) < Math.hypot(best[0] - c[0], best[1] - c[1])) best = p;
    }
  }
  if (!best) throw new Error('a ward with no interior');
  return round(best, 5);
}

const floorTo = (v: number) => Math.floor(v * 1000) / 1000;
const ceilTo = (v: number) => Math.ceil(v * 1000) / 1000;
