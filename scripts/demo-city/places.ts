import { ringContains } from '../../src/main/services/city/geometry';
import type { LandmarkFeatureProperties } from '../../src/shared/domain/city';
import { atLat, intersections, move, round, type P } from './geo';
import { hieuRiver, wardShapes } from './layout';
import { railway, road } from './roads';

/** The ward whose polygon holds a point; the generator stops rather than ship an orphan. */
export function wardAt(p: P, what: string): string {
  const ward = wardShapes.find((w) => ringContains(w.ring, p[0], p[1]));
  if (!ward) throw new Error(`${what} at ${p.join(', ')} lies in no ward`);
  return ward.id;
}

export function wardName(id: string): string {
  const ward = wardShapes.find((w) => w.id === id);
  if (!ward) throw new Error(`no ward ${id}`);
  return ward.name;
}

export interface Landmark extends LandmarkFeatureProperties {
  position: P;
}

const only = (points: P[], what: string): P => {
  if (points.length !== 1) throw new Error(`${what}: expected one crossing, found ${points.length}`);
  return points[0]!;
};

export const cityHall: P = [107.1012, 16.8163];

const landmark = (id: string, name: string, kind: Landmark['kind'], at: P): Landmark => {
  const position = round(at);
  return { id, name, kind, wardId: wardAt(position, name), position };
};

/**
 * A bridge's middle lies on the river, which is also the ward line; its marker goes a little
 * towards the south bank so that it belongs to one ward without doubt.
 */
const bridgeMarker = (crossing: P) => move(crossing, 180, 25);

export const landmarks: Landmark[] = [
  landmark('lm-ubnd', 'UBND thành phố Đông Hà', 'government', cityHall),
  landmark('lm-ga-dong-ha', 'Ga Đông Hà', 'station', move(atLat(railway, 16.8148), 90, 70)),
  landmark('lm-cho-dong-ha', 'Chợ Đông Hà', 'market', [107.1008, 16.8262]),
  landmark('lm-cau-dong-ha', 'Cầu Đông Hà', 'bridge', bridgeMarker(only(intersections(road('le-duan').line, hieuRiver), 'Đông Hà bridge'))),
  landmark('lm-cau-duong-sat', 'Cầu đường sắt sông Hiếu', 'bridge', bridgeMarker(only(intersections(railway, hieuRiver), 'railway bridge'))),
  landmark('lm-benh-vien-tinh', 'Bệnh viện Đa khoa tỉnh Quảng Trị', 'hospital', [107.1062, 16.8085]),
  landmark('lm-cong-vien', 'Công viên Trung tâm', 'park', [107.0965, 16.8155]),
  landmark('lm-ben-xe', 'Bến xe khách Đông Hà', 'bus-station', [107.1003, 16.795]),
  landmark('lm-san-van-dong', 'Sân vận động Đông Hà', 'stadium', [107.1125, 16.8175]),
];

export function landmarkById(id: string): Landmark {
  const found = landmarks.find((l) => l.id === id);
  if (!found) throw new Error(`no landmark ${id}`);
  return found;
}
