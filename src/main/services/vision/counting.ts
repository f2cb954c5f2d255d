import type { ClassCounts, DetectionClass, LineCount, NormPoint, VisionLine, VisionZone, ZoneCount } from '../../../shared/domain/vision';
import { pointInPolygon, sideOfLine } from './geometry';
import type { Track } from './tracker';

export interface LineCrossing {
  lineId: string;
  trackId: number;
  cls: DetectionClass;
  direction: 'aToB' | 'bToA';
  phase: number | undefined;
}

const add = (counts: ClassCounts, cls: DetectionClass, n = 1): void => {
  counts[cls] = (counts[cls] ?? 0) + n;
};

/**
 * Zone occupancy (foot point of each box in the polygon, so a person standing in front of a
 * zone is not counted in it) and line crossings with direction. A track crosses a line at
 * most once per direction, so box jitter on the line cannot count one object twice.
 */
export class ZoneLineCounter {
  private readonly lineTotals = new Map<string, { aToB: ClassCounts; bToA: ClassCounts }>();
  private readonly crossed = new Map<string, Set<string>>();
  private readonly lastSide = new Map<string, Map<number, number>>();

  constructor(
    private readonly zones: readonly VisionZone[],
    private readonly lines: readonly VisionLine[],
  ) {
    for (const line of lines) this.lineTotals.set(line.id, { aToB: {}, bToA: {} });
  }

  /** Occupancy of each zone by the tracks seen in this frame. */
  zoneCounts(seen: readonly Track[]): Omit<ZoneCount, 'alerting' | 'perM2'>[] {
    return this.zones.map((zone) => {
      const now: ClassCounts = {};
      for (const track of seen) if (pointInPolygon(track.foot[0], track.foot[1], zone.polygon)) add(now, track.cls);
      const people = now.person ?? 0;
      const vehicles = Object.entries(now).reduce((n, [cls, v]) => (cls === 'person' ? n : n + (v ?? 0)), 0);
      return { zoneId: zone.id, now, people, vehicles };
    });
  }

  /**
   * Crossings made by each seen track: the side of the line its foot point is on flips from the
   * last side it was clearly on (a foot exactly on the line decides nothing), at a place within
   * the line's ends.
   */
  crossings(seen: readonly Track[]): LineCrossing[] {
    const out: LineCrossing[] = [];
    for (const track of seen) {
      for (const line of this.lines) {
        const side = Math.sign(sideOfLine(line.a, line.b, track.foot[0], track.foot[1]));
        if (side === 0) continue;
        const sides = this.lastSide.get(line.id) ?? new Map<number, number>();
        this.lastSide.set(line.id, sides);
        const before = sides.get(track.id);
        sides.set(track.id, side);
        if (before === undefined || before === side || !track.prevFoot) continue;
        const mid: NormPoint = [(track.prevFoot[0] + track.foot[0]) / 2, (track.prevFoot[1] + track.foot[1]) / 2];
        if (!withinEnds(line.a, line.b, mid)) continue;
        const direction = before < 0 ? 'aToB' : 'bToA';
        const key = `${track.id}:${direction}`;
        const done = this.crossed.get(line.id) ?? new Set<string>();
        this.crossed.set(line.id, done);
        if (done.has(key)) continue;
        done.add(key);
        add(this.lineTotals.get(line.id)![direction], track.cls);
        out.push({ lineId: line.id, trackId: track.id, cls: track.cls, direction, phase: line.phase });
      }
    }
    return out;
  }

  /** Forget tracks that ended so the per-line memory stays bounded. */
  forget(ended: readonly Track[]): void {
    for (const t of ended) {
      for (const done of this.crossed.values()) {
        done.delete(`${t.id}:aToB`);
        done.delete(`${t.id}:bToA`);
      }
      for (const sides of this.lastSide.values()) sides.delete(t.id);
    }
  }

  lineCounts(): LineCount[] {
    return this.lines.map((line) => {
      const totals = this.lineTotals.get(line.id)!;
      return { lineId: line.id, aToB: { ...totals.aToB }, bToA: { ...totals.bToA } };
    });
  }
}

/** Whether a point projects onto the segment a→b (between its ends), with a small margin. */
function withinEnds(a: NormPoint, b: NormPoint, p: NormPoint): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
  return t >= -0.05 && t <= 1.05;
}
