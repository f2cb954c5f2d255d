import { atLat, atLon, chain, closedRing, ellipse, meander, ribbon, smooth, subpath, type P } from './geo';

/**
 * The city's bones: its rivers and its nine wards, drawn by the project from general
 * knowledge of Đông Hà. The Hiếu crosses the city west to east north of the centre and
 * meets the Thạch Hãn on the east side; seven wards lie south of the Hiếu, two north of it.
 * Wards are built from shared edges, so neighbours meet exactly: no gaps, no overlaps.
 */

/** Sông Hiếu, west to east, ending where it meets the Thạch Hãn. Steadily eastward: wards split it by longitude. */
export const hieuRiver: P[] = smooth([
  [107.04, 16.8385],
  [107.048, 16.8372],
  [107.056, 16.8352],
  [107.064, 16.8338],
  [107.072, 16.8333],
  [107.079, 16.8322],
  [107.085, 16.831],
  [107.091, 16.8298],
  [107.0975, 16.8286],
  [107.103, 16.8281],
  [107.109, 16.8286],
  [107.115, 16.8291],
  [107.121, 16.8281],
  [107.127, 16.8262],
  [107.133, 16.824],
  [107.1385, 16.8222],
  [107.1435, 16.8208],
]);

export const confluence: P = hieuRiver[hieuRiver.length - 1]!;

/** Sông Thạch Hãn, south to north (steadily northward), through the confluence and on towards Cửa Việt. */
export const thachHanRiver: P[] = chain(
  smooth([
    [107.1535, 16.77],
    [107.152, 16.779],
    [107.1505, 16.79],
    [107.148, 16.8],
    [107.1465, 16.808],
    [107.145, 16.815],
    confluence,
  ]),
  smooth([confluence, [107.147, 16.825], [107.153, 16.829], [107.16, 16.834], [107.168, 16.8385]]),
);

/** Longitudes where ward lines meet the Hiếu, west to east. */
const lon = { west: 107.052, a: 107.0772, b: 107.0905, c: 107.1022, d: 107.1238 } as const;

const onHieu = (x: number) => atLon(hieuRiver, x);
const hieu = (from: number, to: number) => subpath(hieuRiver, 0, from, to);
const thachHan = (fromLat: number, toLat: number) => subpath(thachHanRiver, 1, fromLat, toLat);

const node = {
  sw: [107.0535, 16.7812] as P,
  wm: [107.0498, 16.8071] as P,
  nw: [107.0562, 16.8578] as P,
  n: [107.1046, 16.8632] as P,
  ne: [107.1405, 16.857] as P,
  sc: [107.1028, 16.7783] as P,
  ts: atLat(thachHanRiver, 16.779),
  em: atLat(thachHanRiver, 16.8052),
  tn: atLat(thachHanRiver, 16.829),
  ma: [107.0805, 16.8074] as P,
  mb: [107.0921, 16.8048] as P,
  mc: [107.1041, 16.8057] as P,
  md: [107.1262, 16.8071] as P,
};

const rev = (points: readonly P[]) => [...points].reverse();

/** A meandering line through several fixed points. */
const via = (points: readonly P[], seed: string, amplitudeM: number) =>
  chain(...points.slice(1).map((p, i) => meander(points[i]!, p, `${seed}-${i}`, amplitudeM)));

/** Every shared edge, drawn once, by name. */
const edge = {
  westSouth: via([node.sw, [107.0478, 16.7935], node.wm], 'west-south', 90),
  westMid: via([node.wm, [107.0512, 16.8215], onHieu(lon.west)], 'west-mid', 80),
  westNorth: via([onHieu(lon.west), [107.0487, 16.8478], node.nw], 'west-north', 90),
  northWest: via([node.nw, [107.0705, 16.8606], [107.0868, 16.8655], node.n], 'north-west', 110),
  northEast: via([node.n, [107.1198, 16.8592], node.ne], 'north-east', 110),
  eastNorth: via([node.ne, [107.1482, 16.8452], node.tn], 'east-north', 90),
  southWest: via([node.sw, [107.0702, 16.7768], [107.0875, 16.7801], node.sc], 'south-west', 100),
  southEast: via([node.sc, [107.1265, 16.7752], node.ts], 'south-east', 100),
  southSplit: via([node.sc, [107.1052, 16.7921], node.mc], 'south-split', 70),
  northSplit: via([onHieu(lon.c), [107.1012, 16.8455], node.n], 'north-split', 80),
  mid: {
    w: meander(node.wm, node.ma, 'mid-w', 70),
    a: meander(node.ma, node.mb, 'mid-a', 50),
    b: meander(node.mb, node.mc, 'mid-b', 50),
    c: meander(node.mc, node.md, 'mid-c', 70),
    d: meander(node.md, node.em, 'mid-d', 70),
  },
  column: {
    a: meander(node.ma, onHieu(lon.a), 'column-a', 60),
    b: meander(node.mb, onHieu(lon.b), 'column-b', 40),
    c: meander(node.mc, onHieu(lon.c), 'column-c', 40),
    d: meander(node.md, onHieu(lon.d), 'column-d', 60),
  },
};

export interface WardShape {
  id: string;
  name: string;
  ring: P[];
}

/** Ordered as the city lists them. */
export const wardShapes: WardShape[] = [
  { id: 'p1', name: 'Phường 1', ring: closedRing(chain(edge.mid.b, edge.column.c, hieu(lon.c, lon.b), rev(edge.column.b))) },
  { id: 'p2', name: 'Phường 2', ring: closedRing(chain(edge.mid.c, edge.column.d, hieu(lon.d, lon.c), rev(edge.column.c))) },
  {
    id: 'p3',
    name: 'Phường 3',
    ring: closedRing(chain(edge.mid.d, thachHan(node.em[1], confluence[1]), hieu(confluence[0], lon.d), rev(edge.column.d))),
  },
  { id: 'p4', name: 'Phường 4', ring: closedRing(chain(edge.mid.a, edge.column.b, hieu(lon.b, lon.a), rev(edge.column.a))) },
  { id: 'p5', name: 'Phường 5', ring: closedRing(chain(edge.mid.w, edge.column.a, hieu(lon.a, lon.west), rev(edge.westMid))) },
  {
    id: 'dong-giang',
    name: 'Đông Giang',
    ring: closedRing(chain(hieu(lon.c, confluence[0]), thachHan(confluence[1], node.tn[1]), rev(edge.eastNorth), rev(edge.northEast), rev(edge.northSplit))),
  },
  {
    id: 'dong-thanh',
    name: 'Đông Thanh',
    ring: closedRing(chain(hieu(lon.west, lon.c), edge.northSplit, rev(edge.northWest), rev(edge.westNorth))),
  },
  {
    id: 'dong-le',
    name: 'Đông Lễ',
    ring: closedRing(chain(edge.southWest, edge.southSplit, rev(edge.mid.b), rev(edge.mid.a), rev(edge.mid.w), rev(edge.westSouth))),
  },
  {
    id: 'dong-luong',
    name: 'Đông Lương',
    ring: closedRing(chain(edge.southEast, thachHan(node.ts[1], node.em[1]), rev(edge.mid.d), rev(edge.mid.c), rev(edge.southSplit))),
  },
];

/** A drainage canal across the south of the city into the Thạch Hãn (illustrative). */
export const southCanal: P[] = smooth(
  [[107.079, 16.7905], [107.088, 16.7935], [107.095, 16.7965], [107.104, 16.7978], [107.112, 16.798], [107.12, 16.7968], [107.128, 16.7958], [107.137, 16.7925], atLat(thachHanRiver, 16.7905)],
  1,
);

export const lakeCentre: P = [107.0655, 16.8128];

export interface WaterShape {
  id: string;
  name: string;
  kind: 'river' | 'canal' | 'lake';
  ring: P[];
}

export const waterShapes: WaterShape[] = [
  { id: 'song-hieu', name: 'Sông Hiếu', kind: 'river', ring: ribbon(hieuRiver, 130) },
  { id: 'song-thach-han', name: 'Sông Thạch Hãn', kind: 'river', ring: ribbon(thachHanRiver, 170) },
  { id: 'kenh-nam', name: 'Kênh tiêu phía Nam', kind: 'canal', ring: ribbon(southCanal, 18) },
  { id: 'ho-dieu-hoa-p5', name: 'Hồ điều hòa Phường 5', kind: 'lake', ring: ellipse(lakeCentre, 260, 140, 20) },
];
