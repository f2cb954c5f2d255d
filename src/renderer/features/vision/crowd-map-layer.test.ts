import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../shared/domain/city';
import type { VisionCounts } from '../../../shared/domain/vision';
import { crowdPoints } from './crowd-map-layer';

const camera = (id: string): Camera => ({ id, name: id, kind: 'ai', wardId: 'p1', position: [107.1, 16.8], heading: 0, address: '' });
const counts = (cameraId: string, zones: { people: number; alerting: boolean }[], frame: number): VisionCounts => ({
  cameraId,
  ts: 1,
  zones: zones.map((z, i) => ({ zoneId: `z${i}`, now: {}, people: z.people, vehicles: 0, perM2: null, alerting: z.alerting })),
  lines: [],
  frame: { person: frame },
  unique: {},
});

describe('crowd heat on the map', () => {
  it('sums zones when a camera has zones, else counts the whole frame, and skips cameras not analysed', () => {
    const points = crowdPoints([camera('a'), camera('b'), camera('c')], {
      a: counts('a', [{ people: 4, alerting: false }, { people: 9, alerting: true }], 20),
      b: counts('b', [], 6),
    });
    expect(points.map((p) => [p.id, p.people, p.alerting])).toEqual([
      ['a', 13, true],
      ['b', 6, false],
    ]);
  });
});
