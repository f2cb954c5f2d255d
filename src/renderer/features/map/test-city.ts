import type { Feature } from 'geojson';
import type { UserLayer } from '../../../shared/contract/methods/city';
import type { CityAssets, Ward } from '../../../shared/domain/city';
import type { BuiltinBasemap } from './build-layers';

/** Small made-up city data for the map's unit tests. */
export function sampleAssets(): CityAssets {
  return {
    cameras: [
      { id: 'cam-ai-01', name: 'Ngã tư Hùng Vương – Lê Duẩn', kind: 'ai', wardId: 'p1', position: [107.098, 16.818], heading: 135, address: '1 Hùng Vương' },
      { id: 'cam-014', name: 'Chợ Đông Hà', kind: 'standard', wardId: 'p2', position: [107.11, 16.82], heading: 270, address: 'Chợ Đông Hà' },
    ],
    routes: [{ id: 'r1', name: 'Tuyến Lê Duẩn', intersectionIds: ['int-1'] }],
    intersections: [{ id: 'int-1', name: 'Lê Duẩn – Hùng Vương', wardId: 'p1', position: [107.098, 16.8181], routeIds: ['r1', 'r9'] }],
    lightingCabinets: [{ id: 'cab-1', name: 'Tủ HV-01', street: 'Hùng Vương', wardId: 'p1', position: [107.09, 16.81] }],
    lamps: [{ id: 'lamp-001', cabinetId: 'cab-1', position: [107.0902, 16.8101], powerW: 150 }],
    floodGauges: [{ id: 'fg-01', name: 'Cầu Đông Hà', wardId: 'dong-giang', position: [107.1, 16.83], thresholdsM: [1.5, 2.5, 3.5], hasSiren: true }],
    ioc: { id: 'ioc', name: 'Trung tâm IOC Đông Hà', address: 'UBND thành phố', position: [107.093, 16.819] },
  };
}

export function sampleWards(): Ward[] {
  return [
    { id: 'p1', name: 'Phường 1', center: [107.097, 16.817], bbox: [107.09, 16.805, 107.104, 16.83] },
    { id: 'dong-giang', name: 'Đông Giang', center: [107.12, 16.83], bbox: [107.11, 16.82, 107.13, 16.84] },
  ];
}

function feature(properties: Record<string, unknown>, geometry: Feature['geometry']): Feature {
  return { type: 'Feature', properties, geometry };
}

export function sampleBasemap(): BuiltinBasemap {
  return {
    wards: {
      type: 'FeatureCollection',
      features: [feature({ id: 'p1', name: 'Phường 1' }, { type: 'Polygon', coordinates: [[[107.09, 16.805], [107.104, 16.805], [107.104, 16.83], [107.09, 16.805]]] })],
    },
    roads: {
      type: 'FeatureCollection',
      features: [feature({ id: 'hung-vuong', name: 'Hùng Vương', class: 'primary' }, { type: 'LineString', coordinates: [[107.09, 16.81], [107.1, 16.82], [107.11, 16.82]] })],
    },
    water: { type: 'FeatureCollection', features: [] },
    landmarks: {
      type: 'FeatureCollection',
      features: [feature({ id: 'ga', name: 'Ga Đông Hà', kind: 'station', wardId: 'p1' }, { type: 'Point', coordinates: [107.087, 16.816] })],
    },
  };
}

export function sampleUserLayer(id = 'L1'): UserLayer {
  return {
    id,
    name: 'Điểm ngập 2024',
    featureCount: 1,
    importedAt: '2025-01-01T00:00:00Z',
    importedBy: 'op1',
    data: {
      type: 'FeatureCollection',
      features: [feature({ ten: 'Kiệt 12 Lê Lợi', depth_cm: 40, note: null }, { type: 'Point', coordinates: [107.095, 16.815] })],
    },
  };
}
