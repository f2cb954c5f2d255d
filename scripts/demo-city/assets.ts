import type { Camera, CityAssets, FloodGauge, Intersection, Lamp, LightingCabinet, Route } from '../../src/shared/domain/city';
import { along, atLat, atLon, bearing, distance, lineLength, move, round, type P } from './geo';
import { hieuRiver, lakeCentre, southCanal, thachHanRiver } from './layout';
import { cityHall, landmarkById, wardAt, wardName } from './places';
import { crossingOf, hungVuong, road, roadShapes } from './roads';

/**
 * The city's field assets, placed by the project for the demo. Positions are fictional but
 * plausible: signals at the main crossroads, AI cameras where the traffic is, ordinary
 * cameras spread over every ward, the Hùng Vương lighting line, flood gauges at low ground
 * by the rivers, and the IOC in the city People's Committee.
 */

const heading = (deg: number) => Math.round(deg) % 360;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// ---- Routes and signalised intersections -------------------------------------------------

interface RouteSpec {
  id: string;
  name: string;
  /** The route's street and the streets it crosses, in travel order. */
  street: string;
  crossings: string[];
}

const routeSpecs: RouteSpec[] = [
  { id: 'route-ql1', name: 'Trục Lê Duẩn (QL1)', street: 'le-duan', crossings: ['ham-nghi', 'hung-vuong', 'le-loi', 'tran-hung-dao', 'dien-bien-phu'] },
  { id: 'route-hung-vuong', name: 'Trục Hùng Vương', street: 'hung-vuong', crossings: ['le-thanh-tong', 'tran-phu', 'le-duan', 'nguyen-hue', 'ly-thuong-kiet'] },
  { id: 'route-le-loi', name: 'Trục Lê Lợi (QL9)', street: 'le-loi', crossings: ['le-thanh-tong', 'tran-phu', 'le-duan', 'nguyen-hue', 'ly-thuong-kiet'] },
];

function buildSignals(): { routes: Route[]; intersections: Intersection[] } {
  const byKey = new Map<string, Intersection>();
  const routes: Route[] = [];
  for (const spec of routeSpecs) {
    const ids: string[] = [];
    for (const other of spec.crossings) {
      const key = [spec.street, other].sort().join('|');
      let intersection = byKey.get(key);
      if (!intersection) {
        const position = round(crossingOf(spec.street, other));
        const name = `Ngã tư ${road(spec.street).name} – ${road(other).name}`;
        intersection = { id: `int-${pad(byKey.size + 1)}`, name, wardId: wardAt(position, name), position, routeIds: [] };
        byKey.set(key, intersection);
      }
      intersection.routeIds.push(spec.id);
      ids.push(intersection.id);
    }
    routes.push({ id: spec.id, name: spec.name, intersectionIds: ids });
  }
  return { routes, intersections: [...byKey.values()] };
}

// ---- Cameras -----------------------------------------------------------------------------

function aiCameras(): Camera[] {
  const atCrossing = (a: string, b: string, cornerDeg: number) => {
    const centre = crossingOf(a, b);
    const position = move(centre, cornerDeg, 20);
    return { position, heading: heading(bearing(position, centre)), label: `${road(a).name} – ${road(b).name}`, address: `Ngã tư ${road(a).name} – ${road(b).name}` };
  };
  const gateway = (roadId: string, point: P, inbound: number, label: string) => ({
    position: point,
    heading: heading(inbound),
    label,
    address: road(roadId).name,
  });
  const qlNorth = atLat(road('le-duan').line, 16.852);
  const qlSouth = atLat(road('le-duan').line, 16.786);
  const ql9West = atLon(road('ql9').line, 107.06);
  const spots = [
    atCrossing('le-duan', 'hung-vuong', 45),
    atCrossing('le-duan', 'le-loi', 135),
    atCrossing('le-duan', 'tran-hung-dao', 225),
    atCrossing('le-duan', 'ham-nghi', 315),
    atCrossing('hung-vuong', 'ly-thuong-kiet', 225),
    atCrossing('hung-vuong', 'nguyen-hue', 45),
    atCrossing('le-loi', 'ly-thuong-kiet', 135),
    gateway('ql9', ql9West, 90, 'cửa ngõ phía Tây (QL9)'),
    gateway('le-duan', qlNorth, 180, 'cửa ngõ phía Bắc (QL1)'),
    gateway('le-duan', qlSouth, 0, 'cửa ngõ phía Nam (QL1)'),
  ];
  return spots.map((spot, i) => {
    const position = round(spot.position);
    const name = `Camera AI ${spot.label}`;
    const wardId = wardAt(position, name);
    return { id: `cam-ai-${pad(i + 1)}`, name, kind: 'ai', wardId, position, heading: spot.heading, address: `${spot.address}, ${wardName(wardId)}` };
  });
}

/** How many ordinary street cameras each ward gets, besides those at landmarks. */
const streetCameraQuota: Record<string, number> = {
  p1: 6,
  p2: 5,
  p3: 4,
  p4: 5,
  p5: 5,
  'dong-giang': 4,
  'dong-thanh': 5,
  'dong-le': 5,
  'dong-luong': 4,
};

const landmarkCameras: { landmark: string; label: string; bearingFrom: number }[] = [
  { landmark: 'lm-cho-dong-ha', label: 'Chợ Đông Hà – cổng chính', bearingFrom: 200 },
  { landmark: 'lm-cho-dong-ha', label: 'Chợ Đông Hà – bến bãi', bearingFrom: 20 },
  { landmark: 'lm-ga-dong-ha', label: 'Ga Đông Hà – sân ga', bearingFrom: 120 },
  { landmark: 'lm-ben-xe', label: 'Bến xe khách Đông Hà', bearingFrom: 90 },
  { landmark: 'lm-benh-vien-tinh', label: 'Bệnh viện Đa khoa tỉnh – cổng cấp cứu', bearingFrom: 300 },
  { landmark: 'lm-cong-vien', label: 'Công viên Trung tâm', bearingFrom: 160 },
  { landmark: 'lm-ubnd', label: 'UBND thành phố – cổng chính', bearingFrom: 250 },
  { landmark: 'lm-cau-dong-ha', label: 'Cầu Đông Hà – đầu cầu phía Nam', bearingFrom: 180 },
  { landmark: 'lm-cau-dong-ha', label: 'Cầu Đông Hà – đầu cầu phía Bắc', bearingFrom: 0 },
];

const minCameraSpacingM = 120;

function standardCameras(taken: readonly P[]): Camera[] {
  const placed: P[] = [...taken];
  const cameras: Camera[] = [];
  const add = (position: P, name: string, headingDeg: number, address: string) => {
    const wardId = wardAt(position, name);
    placed.push(position);
    cameras.push({
      id: `cam-${pad(cameras.length + 1, 3)}`,
      name,
      kind: 'standard',
      wardId,
      position,
      heading: heading(headingDeg),
      address: `${address}, ${wardName(wardId)}`,
    });
  };

  for (const spec of landmarkCameras) {
    const target = landmarkById(spec.landmark);
    const position = round(move(target.position, spec.bearingFrom, spec.landmark === 'lm-cau-dong-ha' ? 150 : 45));
    add(position, `Camera ${spec.label}`, bearing(position, target.position), target.name);
  }

  // Candidate spots every 40 m along the streets, grouped by ward, then spread evenly.
  const candidates = new Map<string, { position: P; roadName: string; bearing: number }[]>();
  for (const shape of roadShapes) {
    if (shape.class === 'rail') continue;
    const length = lineLength(shape.line);
    for (let d = 20; d < length; d += 40) {
      const { point, bearing: b } = along(shape.line, d);
      const position = round(point);
      let wardId: string;
      try {
        wardId = wardAt(position, shape.name);
      } catch {
        continue; // the street runs on beyond the city
      }
      const list = candidates.get(wardId) ?? [];
      list.push({ position, roadName: shape.name, bearing: b });
      candidates.set(wardId, list);
    }
  }
  const perRoad = new Map<string, number>();
  for (const [wardId, quota] of Object.entries(streetCameraQuota)) {
    const list = candidates.get(wardId) ?? [];
    let chosen = 0;
    for (let k = 0; k < list.length && chosen < quota; k++) {
      // Walk the candidates in a stride that spreads picks over all of the ward's streets.
      const spot = list[Math.floor(((k * 7919) % list.length))]!;
      if (placed.some((p) => distance(p, spot.position) < minCameraSpacingM)) continue;
      const n = (perRoad.get(spot.roadName) ?? 0) + 1;
      perRoad.set(spot.roadName, n);
      add(spot.position, `Camera ${spot.roadName} ${pad(n)}`, spot.bearing + (n % 2 === 0 ? 180 : 0), `Đường ${spot.roadName}`);
      chosen++;
    }
    if (chosen < quota) throw new Error(`ward ${wardId}: only ${chosen} of ${quota} street cameras fit`);
  }
  return cameras;
}

// ---- Hùng Vương lighting pilot ----------------------------------------------------------

const lampSpacingM = 35;
const cabinetCount = 4;

function lighting(): { lightingCabinets: LightingCabinet[]; lamps: Lamp[] } {
  const length = lineLength(hungVuong);
  const stretch = length / cabinetCount;
  const lightingCabinets: LightingCabinet[] = Array.from({ length: cabinetCount }, (_, i) => {
    const { point, bearing: b } = along(hungVuong, stretch * (i + 0.5));
    const position = round(move(point, b + 90, 14));
    const name = `Tủ chiếu sáng Hùng Vương ${pad(i + 1)}`;
    return { id: `cab-hv-${pad(i + 1)}`, name, street: 'Hùng Vương', wardId: wardAt(position, name), position };
  });
  const lamps: Lamp[] = [];
  for (let d = 15; d <= length - 10; d += lampSpacingM) {
    const { point, bearing: b } = along(hungVuong, d);
    // Staggered on both sides of the street, as the pilot's poles stand.
    const side = lamps.length % 2 === 0 ? -90 : 90;
    const cabinet = lightingCabinets[Math.min(cabinetCount - 1, Math.floor(d / stretch))]!;
    lamps.push({ id: `lamp-hv-${pad(lamps.length + 1, 3)}`, cabinetId: cabinet.id, position: round(move(point, b + side, 9)), powerW: 150 });
  }
  return { lightingCabinets, lamps };
}

// ---- Flood warning points ----------------------------------------------------------------

const riverLevels = (low: number): [number, number, number] => [low, low + 1, low + 2];

function floodGauges(): FloodGauge[] {
  const hieuBank = (lon: number, side: 'north' | 'south', metres = 110) => move(atLon(hieuRiver, lon), side === 'north' ? 0 : 180, metres);
  const thachHanWestBank = (lat: number) => move(atLat(thachHanRiver, lat), 270, 150);
  const bridgeLon = landmarkById('lm-cau-dong-ha').position[0];
  const specs: { name: string; position: P; thresholdsM: [number, number, number]; hasSiren: boolean }[] = [
    { name: 'Cầu Đông Hà – bờ Nam sông Hiếu', position: hieuBank(bridgeLon + 0.0006, 'south'), thresholdsM: riverLevels(3), hasSiren: true },
    { name: 'Cầu đường sắt – bờ Nam sông Hiếu', position: hieuBank(107.0855, 'south'), thresholdsM: riverLevels(3), hasSiren: true },
    { name: 'Bờ Nam sông Hiếu – Phường 5', position: hieuBank(107.064, 'south'), thresholdsM: riverLevels(2.8), hasSiren: true },
    { name: 'Bờ Nam sông Hiếu – Phường 2', position: hieuBank(107.113, 'south'), thresholdsM: riverLevels(3), hasSiren: true },
    { name: 'Bờ Nam sông Hiếu – Phường 3', position: hieuBank(107.131, 'south'), thresholdsM: riverLevels(2.7), hasSiren: true },
    { name: 'Ngã ba sông Hiếu – Thạch Hãn', position: thachHanWestBank(16.8165), thresholdsM: riverLevels(2.5), hasSiren: true },
    { name: 'Đầu cầu phía Bắc – Đông Thanh', position: hieuBank(bridgeLon, 'north'), thresholdsM: riverLevels(3), hasSiren: true },
    { name: 'Bờ Bắc sông Hiếu – Đông Giang', position: hieuBank(107.115, 'north'), thresholdsM: riverLevels(2.9), hasSiren: true },
    { name: 'Bờ Bắc sông Hiếu – hạ lưu Đông Giang', position: hieuBank(107.135, 'north'), thresholdsM: riverLevels(2.6), hasSiren: true },
    { name: 'Bờ Tây sông Thạch Hãn – Đông Lương', position: thachHanWestBank(16.797), thresholdsM: riverLevels(2.5), hasSiren: true },
    { name: 'Kênh tiêu phía Nam – Đông Lễ', position: move(atLon(southCanal, 107.095), 0, 25), thresholdsM: [0.6, 1, 1.4], hasSiren: true },
    { name: 'Hồ điều hòa Phường 5', position: move(lakeCentre, 70, 290), thresholdsM: [1.2, 1.6, 2], hasSiren: false },
  ];
  return specs.map((spec, i) => {
    const position = round(spec.position);
    return {
      id: `flood-${pad(i + 1)}`,
      name: `Điểm cảnh báo ngập ${spec.name}`,
      wardId: wardAt(position, spec.name),
      position,
      thresholdsM: spec.thresholdsM,
      hasSiren: spec.hasSiren,
    };
  });
}

export function buildAssets(): CityAssets {
  const { routes, intersections } = buildSignals();
  const ai = aiCameras();
  const standard = standardCameras(ai.map((c) => c.position));
  const { lightingCabinets, lamps } = lighting();
  return {
    cameras: [...ai, ...standard],
    routes,
    intersections,
    lightingCabinets,
    lamps,
    floodGauges: floodGauges(),
    ioc: {
      id: 'ioc-dong-ha',
      name: 'Trung tâm Giám sát, điều hành đô thị thông minh (IOC) Đông Hà',
      address: 'Trụ sở UBND thành phố Đông Hà, Phường 1, Đông Hà, Quảng Trị',
      position: round(move(cityHall, 90, 30)),
    },
  };
}
