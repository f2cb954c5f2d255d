import type { Feature, FeatureCollection, Geometry } from 'geojson';

/**
 * A small made-up corner of Đông Hà for tests: two wards, three roads, a river ribbon and
 * three landmarks, with Vietnamese names so diacritics travel through every encoding.
 */
export function sampleCityLayers(): Record<'wards' | 'roads' | 'water' | 'landmarks', FeatureCollection> {
  return {
    wards: collection([
      feature({ id: 'p1', name: 'Phường 1' }, polygon([[107.08, 16.81], [107.1, 16.81], [107.1, 16.83], [107.08, 16.83], [107.08, 16.81]])),
      feature({ id: 'dong-giang', name: 'Đông Giang' }, polygon([[107.1, 16.81], [107.12, 16.81], [107.12, 16.83], [107.1, 16.83], [107.1, 16.81]])),
    ]),
    roads: collection([
      feature({ name: 'Hùng Vương', class: 'primary' }, line([[107.082, 16.815], [107.095, 16.818], [107.11, 16.82]])),
      feature({ name: 'Lê Duẩn', class: 'primary' }, line([[107.1, 16.805], [107.1, 16.835]])),
      feature({ name: 'Đường sắt Bắc – Nam', class: 'rail' }, line([[107.085, 16.805], [107.088, 16.835]])),
    ]),
    water: collection([
      feature({ name: 'Sông Hiếu', kind: 'river' }, polygon([[107.08, 16.826], [107.12, 16.827], [107.12, 16.828], [107.08, 16.827], [107.08, 16.826]])),
    ]),
    landmarks: collection([
      feature({ name: 'Ga Đông Hà', kind: 'station' }, point([107.087, 16.816])),
      feature({ name: 'Chợ Đông Hà', kind: 'market' }, point([107.098, 16.824])),
      feature({ name: 'UBND thành phố', kind: 'government' }, point([107.093, 16.819])),
    ]),
  };
}

function collection(features: Feature[]): FeatureCollection {
  return { type: 'FeatureCollection', features };
}

function feature(properties: Record<string, unknown>, geometry: Geometry): Feature {
  return { type: 'Feature', properties, geometry };
}

function polygon(ring: [number, number][]): Geometry {
  return { type: 'Polygon', coordinates: [ring] };
}

function line(coordinates: [number, number][]): Geometry {
  return { type: 'LineString', coordinates };
}

function point(coordinates: [number, number]): Geometry {
  return { type: 'Point', coordinates };
}
