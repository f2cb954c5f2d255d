import { describe, expect, it } from 'vitest';
import { visionZoneSchema } from '../../../shared/domain/vision';
import { CrowdAlerts } from './crowd-alerts';

const square = [[0, 0], [1, 0], [1, 1], [0, 1]];

describe('CrowdAlerts', () => {
  it('raises one alert when a count is held for holdS, and clears only below the hysteresis level held as long', () => {
    const zone = visionZoneSchema.parse({ id: 'z', name: 'Chợ', polygon: square, threshold: { count: 10, holdS: 5, clearRatio: 0.8 } });
    const alerts = new CrowdAlerts('cam1', [zone]);
    const feed = (people: number, ts: number) => alerts.update(new Map([['z', people]]), ts).map((a) => `${a.kind}@${a.ts}`);
    const events: string[] = [];
    events.push(...feed(12, 0), ...feed(12, 3_000), ...feed(9, 4_000)); // a dip resets the hold
    events.push(...feed(11, 5_000), ...feed(10, 9_000), ...feed(15, 10_000));
    // Hovering around the threshold while alerting: no storm.
    for (let t = 11_000; t < 30_000; t += 1_000) events.push(...feed(t % 2000 ? 9 : 11, t));
    events.push(...feed(7, 30_000), ...feed(7, 34_000), ...feed(7, 35_000));
    expect(events).toEqual(['raised@10000', 'cleared@35000']);
    expect(alerts.isAlerting('z')).toBe(false);
  });

  it('judges a density threshold in people per m² over the calibrated area', () => {
    const zone = visionZoneSchema.parse({ id: 'd', name: 'Ga', polygon: square, threshold: { perM2: 2, areaM2: 10, holdS: 0 } });
    const alerts = new CrowdAlerts('cam1', [zone]);
    expect(alerts.update(new Map([['d', 19]]), 0)).toEqual([]);
    expect(alerts.update(new Map([['d', 20]]), 1)).toEqual([{ cameraId: 'cam1', zoneId: 'd', zoneName: 'Ga', kind: 'raised', ts: 1, value: 2, threshold: 2, unit: 'perM2' }]);
  });

  it('refuses a density threshold without an area', () => {
    expect(visionZoneSchema.safeParse({ id: 'd', name: 'Ga', polygon: square, threshold: { perM2: 2 } }).success).toBe(false);
  });
});
