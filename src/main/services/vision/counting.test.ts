import { describe, expect, it } from 'vitest';
import type { NormBox, VisionLine, VisionZone } from '../../../shared/domain/vision';
import { ZoneLineCounter } from './counting';
import { FlowAggregator } from './flow-aggregator';
import { pointInPolygon } from './geometry';
import { Tracker } from './tracker';

const zone: VisionZone = { id: 'z1', name: 'Quảng trường', polygon: [[0, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]] };
// Vertical line at x = 0.5 from top (a) to bottom (b): looking from a to b (downwards), left is +x... in picture
// coordinates (y down) the right-hand side of a→b is x < 0.5, so moving from x > 0.5 to x < 0.5 is "aToB".
const line: VisionLine = { id: 'l1', name: 'Làn 1', a: [0.5, 0], b: [0.5, 1], phase: 1 };

const car = (x: number): { cls: 'car'; score: number; box: NormBox } => ({ cls: 'car', score: 0.9, box: [x, 0.4, 0.06, 0.05] });

describe('zone and line counting', () => {
  it('puts an object in a zone by its foot point, not its box', () => {
    expect(pointInPolygon(0.25, 0.75, zone.polygon)).toBe(true);
    expect(pointInPolygon(0.75, 0.75, zone.polygon)).toBe(false);
    const tracker = new Tracker();
    const counter = new ZoneLineCounter([zone], []);
    // Head above the zone, feet inside: in. Box overlapping, feet outside: out.
    const u = tracker.update([{ cls: 'person', score: 0.9, box: [0.2, 0.3, 0.05, 0.3] }, { cls: 'person', score: 0.9, box: [0.45, 0.3, 0.1, 0.15] }], 0);
    expect(counter.zoneCounts(u.seen)).toEqual([{ zoneId: 'z1', now: { person: 1 }, people: 1, vehicles: 0 }]);
  });

  it('counts a crossing once per object with its direction, whatever the jitter on the line', () => {
    const tracker = new Tracker();
    const counter = new ZoneLineCounter([], [line]);
    const crossings = [];
    // Car A drives left to right and wobbles back and forth over the line; car B drives right to left.
    const pathA = [0.3, 0.4, 0.48, 0.49, 0.47, 0.5, 0.6];
    const pathB = [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    for (let i = 0; i < pathA.length; i++) {
      const u = tracker.update([car(pathA[i]! - 0.03), { ...car(pathB[i]! - 0.03), box: [pathB[i]! - 0.03, 0.7, 0.06, 0.05] as NormBox }], i * 500);
      crossings.push(...counter.crossings(u.seen));
    }
    expect(crossings.map((c) => `${c.trackId}:${c.direction}`).sort()).toEqual(['1:bToA', '2:aToB']);
    expect(counter.lineCounts()).toEqual([{ lineId: 'l1', aToB: { car: 1 }, bToA: { car: 1 } }]);
  });

  it('sums vehicle crossings per signal phase into count.vehicles messages once per period', () => {
    const flow = new FlowAggregator({ intersectionId: 'int-01', periodS: 15, phases: 2 }, 0);
    flow.add([
      { lineId: 'l1', trackId: 1, cls: 'car', direction: 'aToB', phase: 1 },
      { lineId: 'l1', trackId: 2, cls: 'motorcycle', direction: 'aToB', phase: 1 },
      { lineId: 'l1', trackId: 3, cls: 'person', direction: 'aToB', phase: 1 },
      { lineId: 'l2', trackId: 4, cls: 'bus', direction: 'bToA', phase: 0 },
    ]);
    expect(flow.tick(14_000)).toBeNull();
    expect(flow.tick(15_000)).toEqual({ intersectionId: 'int-01', periodS: 15, perPhase: [1, 2], source: 'camera' });
    expect(flow.tick(30_000)).toEqual({ intersectionId: 'int-01', periodS: 15, perPhase: [0, 0], source: 'camera' });
  });
});
