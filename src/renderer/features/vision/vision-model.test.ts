import { describe, expect, it } from 'vitest';
import type { VisionAlert, VisionCounts } from '../../../shared/domain/vision';
import { ALERTS_KEPT, alertingZones, emptyVisionView, withAlert, withCounts } from './vision-model';

const counts = (ts: number, alerting: boolean): VisionCounts => ({
  cameraId: 'cam-1',
  ts,
  zones: [{ zoneId: 'z1', now: { person: 7 }, people: 7, vehicles: 0, perM2: null, alerting }],
  lines: [],
  frame: { person: 9 },
  unique: { person: 20 },
});

describe('the renderer copy of camera analytics', () => {
  it('never lets an older frame replace a newer one', () => {
    let v = withCounts(emptyVisionView(), counts(200, true));
    v = withCounts(v, counts(100, false));
    expect(v.counts['cam-1']!.ts).toBe(200);
    expect(alertingZones(v)).toEqual([{ cameraId: 'cam-1', zoneId: 'z1' }]);
  });

  it('keeps a bounded list of alerts, newest first', () => {
    let v = emptyVisionView();
    for (let i = 0; i < ALERTS_KEPT + 10; i++) {
      const a: VisionAlert = { cameraId: 'c', zoneId: 'z', zoneName: 'Z', kind: 'raised', ts: i, value: 12, threshold: 10, unit: 'count' };
      v = withAlert(v, a);
    }
    expect(v.alerts).toHaveLength(ALERTS_KEPT);
    expect(v.alerts[0]!.ts).toBe(ALERTS_KEPT + 9);
  });
});
