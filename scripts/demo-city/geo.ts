/**
 * Plane geometry for drawing the demo city. At city scale (a few km) an equirectangular
 * projection around the city centre is accurate to centimetres, which is far below what
 * approximate demo geometry needs.
 */
export type P = [number, number];

const origin: P = [107.1, 16.82];
const metresPerDegLat = 110_574;
const metresPerDegLon = 111_320 * Math.cos((origin[1] * Math.PI) / 180);

export function toXY(p: P): P {
  return [(p[0] - origin[0]) * metresPerDegLon, (p[1] - origin[1]) * metresPerDegLat];
}

export function fromXY(xy: P): P {
  return [origin[0] + xy[0] / metresPerDegLon, origin[1] + xy[1] / metresPerDegLat];
}

export function distance(a: P, b: P): number {
  const [ax, ay] = toXY(a);
  const [bx, by] = toXY(b);
  return Math.hypot(bx - ax, by - ay);
}

/** Degrees clockwise from north, in [0, 360). */
export function bearing(a: P, b: P): number {
  const [ax, ay] = toXY(a);
  const [bx, by] = toXY(b);
  const deg = (Math.atan2(bx - ax, by - ay) * 180) / Math.PI;
  return (deg + 360) % 360;
}

export function move(p: P, bearingDeg: number, metres: number): P {
  const [x, y] = toXY(p);
  const rad = (bearingDeg * Math.PI) / 180;
  return fromXY([x + Math.sin(rad) * metres, y + Math.cos(rad) * metres]);
}

export function lerp(a: P, b: P, t: number): P {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

export function lineLength(line: readonly P[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distance(line[i - 1]!, line[i]!);
  return total;
}

/** The point `metres` along a polyline and the bearing of the segment it lies on. */
export function along(line: readonly P[], metres: number): { point: P; bearing: number } {
  let left = metres;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const d = distance(a, b);
    if (left <= d || i === line.length - 1) return { point: lerp(a, b, d === 0 ? 0 : Math.min(1, left / d)), bearing: bearing(a, b) };
    left -= d;
  }
  throw new Error('along: a line needs two points');
}

/** Where a polyline that runs steadily in one coordinate reaches a value of it. */
function crossing(line: readonly P[], axis: 0 | 1, value: number): { point: P; index: number } {
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const lo = Math.min(a[axis], b[axis]);
    const hi = Math.max(a[axis], b[axis]);
    if (value >= lo && value <= hi) {
      const t = b[axis] === a[axis] ? 0 : (value - a[axis]) / (b[axis] - a[axis]);
      return { point: lerp(a, b, t), index: i };
    }
  }
  throw new Error(`the line never reaches ${axis === 0 ? 'longitude' : 'latitude'} ${value}`);
}

export const atLon = (line: readonly P[], lon: number): P => crossing(line, 0, lon).point;
export const atLat = (line: readonly P[], lat: number): P => crossing(line, 1, lat).point;

/** The stretch of a monotonic polyline between two values of one coordinate, in the order asked. */
export function subpath(line: readonly P[], axis: 0 | 1, from: number, to: number): P[] {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const start = crossing(line, axis, lo);
  const end = crossing(line, axis, hi);
  const inner = line.slice(start.index, end.index).filter((p) => p[axis] > lo && p[axis] < hi);
  const path = [start.point, ...inner, end.point];
  return from <= to ? path : path.reverse();
}

/** Chaikin corner cutting with fixed ends: rivers drawn from a few points look like rivers. */
export function smooth(line: readonly P[], rounds = 2): P[] {
  let current = [...line];
  for (let r = 0; r < rounds; r++) {
    const next: P[] = [current[0]!];
    for (let i = 0; i < current.length - 1; i++) {
      const a = current[i]!;
      const b = current[i + 1]!;
      if (i > 0) next.push(lerp(a, b, 0.25));
      if (i < current.length - 2) next.push(lerp(a, b, 0.75));
    }
    next.push(current[current.length - 1]!);
    current = next;
  }
  return current;
}

/** Deterministic pseudo-random numbers in [0, 1) from a name (mulberry32 over an FNV-1a hash). */
export function randomFrom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A boundary between two fixed points that meanders like a real ward line (which follows
 * lanes, canals and fields) instead of running ruler-straight. The same seed always gives
 * the same line, so both wards that share it share it exactly.
 */
export function meander(a: P, b: P, seed: string, amplitudeM = 45, stepM = 120): P[] {
  const random = randomFrom(seed);
  const phase1 = random() * Math.PI * 2;
  const phase2 = random() * Math.PI * 2;
  const [ax, ay] = toXY(a);
  const [bx, by] = toXY(b);
  const length = Math.hypot(bx - ax, by - ay);
  const steps = Math.max(1, Math.round(length / stepM));
  const nx = -(by - ay) / length;
  const ny = (bx - ax) / length;
  const points: P[] = [a];
  for (let i = 1; i < steps; i++) {
    const t = i / steps;
    const wave = 0.65 * Math.sin(2 * Math.PI * 1.5 * t + phase1) + 0.35 * Math.sin(2 * Math.PI * 3.7 * t + phase2);
    const offset = amplitudeM * wave * Math.sin(Math.PI * t);
    points.push(fromXY([ax + (bx - ax) * t + nx * offset, ay + (by - ay) * t + ny * offset]));
  }
  points.push(b);
  return points;
}

/** Joins stretches end to start, dropping the repeated joint points. */
export function chain(...parts: readonly (readonly P[])[]): P[] {
  const out: P[] = [];
  for (const part of parts) {
    for (const p of part) {
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
  }
  return out;
}

/** A closed ring, counter-clockwise as RFC 7946 asks of exterior rings. */
export function closedRing(points: readonly P[]): P[] {
  const open = [...points];
  const first = open[0]!;
  const last = open[open.length - 1]!;
  if (first[0] === last[0] && first[1] === last[1]) open.pop();
  const ring = signedArea(open) < 0 ? open.reverse() : open;
  return [...ring, ring[0]!];
}

function signedArea(points: readonly P[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** A river or canal drawn as a band of constant width around its centre line. */
export function ribbon(centre: readonly P[], widthM: number): P[] {
  const xy = centre.map(toXY);
  const left: P[] = [];
  const right: P[] = [];
  for (let i = 0; i < xy.length; i++) {
    const prev = xy[Math.max(0, i - 1)]!;
    const next = xy[Math.min(xy.length - 1, i + 1)]!;
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy);
    const nx = -dy / len;
    const ny = dx / len;
    const [x, y] = xy[i]!;
    left.push(fromXY([x + (nx * widthM) / 2, y + (ny * widthM) / 2]));
    right.push(fromXY([x - (nx * widthM) / 2, y - (ny * widthM) / 2]));
  }
  return closedRing([...left, ...right.reverse()]);
}

export function ellipse(centre: P, rxM: number, ryM: number, rotationDeg: number, steps = 32): P[] {
  const [cx, cy] = toXY(centre);
  const rot = (rotationDeg * Math.PI) / 180;
  const points: P[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (2 * Math.PI * i) / steps;
    const x = rxM * Math.cos(t);
    const y = ryM * Math.sin(t);
    points.push(fromXY([cx + x * Math.cos(rot) - y * Math.sin(rot), cy + x * Math.sin(rot) + y * Math.cos(rot)]));
  }
  return closedRing(points);
}

/** Every point where two polylines cross or touch (ends included). */
export function intersections(a: readonly P[], b: readonly P[]): P[] {
  const found: P[] = [];
  const eps = 1e-9;
  for (let i = 1; i < a.length; i++) {
    for (let j = 1; j < b.length; j++) {
      const p = a[i - 1]!;
      const r: P = [a[i]![0] - p[0], a[i]![1] - p[1]];
      const q = b[j - 1]!;
      const s: P = [b[j]![0] - q[0], b[j]![1] - q[1]];
      const denom = r[0] * s[1] - r[1] * s[0];
      if (Math.abs(denom) < 1e-18) continue;
      const t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / denom;
      const u = ((q[0] - p[0]) * r[1] - (q[1] - p[1]) * r[0]) / denom;
      if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) continue;
      const hit: P = [p[0] + t * r[0], p[1] + t * r[1]];
      if (!found.some((f) => distance(f, hit) < 1)) found.push(hit);
    }
  }
  return found;
}

/** Seven decimals is 1 cm; six is 10 cm, plenty for approximate demo data and half the bytes. */
export function round(p: P, digits = 6): P {
  const f = 10 ** digits;
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
}

export function centroid(ring: readonly P[]): P {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

export function bbox(points: readonly P[]): [number, number, number, number] {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
