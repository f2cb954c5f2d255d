import type { RoadClass } from '../../src/shared/domain/city';
import { atLat, intersections, type P } from './geo';

/**
 * Main roads, drawn by the project from general knowledge of the city: National Road 1 runs
 * north–south through the centre as Lê Duẩn and crosses the Hiếu on the Đông Hà bridge; QL9
 * leaves westwards towards Lao Bảo (Lê Lợi in town); the North–South railway and the station
 * lie west of the centre; Hùng Vương runs from the railway crossing to the Lý Thường Kiệt
 * crossroads. Positions are approximate.
 */
export interface RoadShape {
  id: string;
  name: string;
  class: RoadClass;
  ref?: string;
  line: P[];
}

export const railway: P[] = [
  [107.0855, 16.779],
  [107.086, 16.795],
  [107.0866, 16.806],
  [107.087, 16.815],
  [107.0877, 16.825],
  [107.0885, 16.832],
  [107.09, 16.845],
  [107.0915, 16.8625],
];

const leDuan: P[] = [
  [107.104, 16.779],
  [107.102, 16.792],
  [107.1005, 16.803],
  [107.0995, 16.812],
  [107.0988, 16.8195],
  [107.0983, 16.826],
  [107.0978, 16.833],
  [107.0972, 16.845],
  [107.096, 16.8625],
];

const lyThuongKiet: P[] = [
  [107.1162, 16.795],
  [107.1166, 16.8045],
  [107.117, 16.815],
  [107.1172, 16.8195],
  [107.1175, 16.8256],
];

/** The lighting pilot: from where it crosses the railway to the Lý Thường Kiệt crossroads. */
export const hungVuong: P[] = [atLat(railway, 16.8095), [107.093, 16.8107], [107.1, 16.8121], [107.108, 16.8136], atLat(lyThuongKiet, 16.815)];

const leLoiStart = atLat(railway, 16.8195);

export const roadShapes: RoadShape[] = [
  { id: 'le-duan', name: 'Lê Duẩn', class: 'primary', ref: 'QL1', line: leDuan },
  {
    id: 'ql9',
    name: 'Quốc lộ 9',
    class: 'primary',
    ref: 'QL9',
    line: [[107.0505, 16.8222], [107.06, 16.8212], [107.07, 16.8205], [107.08, 16.8198], leLoiStart],
  },
  {
    id: 'le-loi',
    name: 'Lê Lợi',
    class: 'primary',
    ref: 'QL9',
    line: [leLoiStart, [107.0931, 16.8196], [107.0988, 16.8195], [107.1082, 16.8197], [107.1172, 16.8195], [107.126, 16.8184], [107.135, 16.8165]],
  },
  { id: 'hung-vuong', name: 'Hùng Vương', class: 'secondary', line: hungVuong },
  {
    id: 'tran-hung-dao',
    name: 'Trần Hưng Đạo',
    class: 'secondary',
    line: [[107.0931, 16.8243], [107.0984, 16.8245], [107.105, 16.825], [107.112, 16.8255], [107.12, 16.8245], [107.128, 16.8225], [107.134, 16.8205]],
  },
  { id: 'ly-thuong-kiet', name: 'Lý Thường Kiệt', class: 'secondary', line: lyThuongKiet },
  {
    id: 'ham-nghi',
    name: 'Hàm Nghi',
    class: 'secondary',
    line: [[107.0895, 16.803], [107.0955, 16.8032], [107.1004, 16.8035], [107.108, 16.8035], [107.1168, 16.8045], [107.128, 16.805], [107.138, 16.804]],
  },
  {
    id: 'dien-bien-phu',
    name: 'Điện Biên Phủ',
    class: 'secondary',
    line: [[107.07, 16.8445], [107.085, 16.8425], [107.0974, 16.842], [107.11, 16.842], [107.125, 16.84], [107.138, 16.8375]],
  },
  {
    id: 'nguyen-hue',
    name: 'Nguyễn Huệ',
    class: 'tertiary',
    line: [[107.1075, 16.798], [107.1078, 16.8035], [107.108, 16.8136], [107.1082, 16.8197], [107.1085, 16.8265]],
  },
  {
    id: 'tran-phu',
    name: 'Trần Phú',
    class: 'tertiary',
    line: [[107.0926, 16.803], [107.0929, 16.8105], [107.0931, 16.8196], [107.0932, 16.826]],
  },
  {
    id: 'le-thanh-tong',
    name: 'Lê Thánh Tông',
    class: 'tertiary',
    line: [[107.0893, 16.806], [107.0895, 16.8105], [107.0897, 16.8195], [107.09, 16.8262]],
  },
  { id: 'duong-sat', name: 'Đường sắt Bắc – Nam', class: 'rail', line: railway },
];

export function road(id: string): RoadShape {
  const found = roadShapes.find((r) => r.id === id);
  if (!found) throw new Error(`no road ${id}`);
  return found;
}

/** Where two roads meet; the layout is drawn so that the pairs asked about meet exactly once. */
export function crossingOf(a: string, b: string): P {
  const hits = intersections(road(a).line, road(b).line);
  if (hits.length !== 1) throw new Error(`${a} and ${b} meet ${hits.length} times`);
  return hits[0]!;
}
