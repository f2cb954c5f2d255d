import { describe, expect, it } from 'vitest';
import { defaultSchedule, savingsPct } from './field-lighting';
import { effectiveLevel, localMidnight, scheduledLevel, sunTimes } from './field-schedule';

const dongHa = { lat: 16.8204, lng: 107.1004, utcOffsetMin: 420 };
const local = (iso: string) => Date.parse(`${iso}+07:00`);
const hhmm = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(11, 16);

describe('sun times at Đông Hà', () => {
  it('match times worked out by hand within a few minutes', () => {
    // By hand from declination ±23.44°, latitude 16.82°, longitude 107.10° and the equation of time
    // (−1.8 min in June, +2.0 min in December): 21 Jun 05:19 / 18:27; 21 Dec 06:16 / 17:23 (UTC+7).
    const june = sunTimes(local('2026-06-21T12:00:00'), dongHa);
    const december = sunTimes(local('2026-12-21T12:00:00'), dongHa);
    const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
    expect(Math.abs(minutes(hhmm(june.sunrise)) - minutes('05:19'))).toBeLessThanOrEqual(4);
    expect(Math.abs(minutes(hhmm(june.sunset)) - minutes('18:27'))).toBeLessThanOrEqual(4);
    expect(Math.abs(minutes(hhmm(december.sunrise)) - minutes('06:16'))).toBeLessThanOrEqual(4);
    expect(Math.abs(minutes(hhmm(december.sunset)) - minutes('17:23'))).toBeLessThanOrEqual(4);
  });

  it('puts local midnight on the local calendar day', () => {
    expect(localMidnight(local('2026-03-01T00:30:00'), 420)).toBe(local('2026-03-01T00:00:00'));
    expect(localMidnight(local('2026-03-01T23:59:00'), 420)).toBe(local('2026-03-01T00:00:00'));
  });
});

describe('the default pilot schedule', () => {
  it('is full at dusk, 70 % late evening, 50 % after midnight and off by day', () => {
    expect(scheduledLevel(defaultSchedule, local('2026-12-21T12:00:00'), dongHa)).toBe(0);
    expect(scheduledLevel(defaultSchedule, local('2026-12-21T18:00:00'), dongHa)).toBe(100);
    expect(scheduledLevel(defaultSchedule, local('2026-12-21T23:00:00'), dongHa)).toBe(70);
    expect(scheduledLevel(defaultSchedule, local('2026-12-22T03:00:00'), dongHa)).toBe(50);
    expect(scheduledLevel([], local('2026-12-22T03:00:00'), dongHa)).toBe(0);
  });

  it('lets an event override the schedule and bad weather raise a level that is on', () => {
    const at = local('2026-12-22T03:00:00');
    const rules = [
      { kind: 'weather' as const, when: 'rain' as const, minDimPct: 80 },
      { kind: 'event' as const, name: 'le-hoi', from: at - 1000, to: at + 1000, dimPct: 100 },
    ];
    expect(effectiveLevel(defaultSchedule, rules.slice(0, 1), at, dongHa, { rain: true, fog: false })).toEqual({ dimPct: 80, source: 'rule:weather:rain' });
    expect(effectiveLevel(defaultSchedule, rules, at, dongHa, { rain: false, fog: false })).toEqual({ dimPct: 100, source: 'rule:event:le-hoi' });
    // By day the lamps stay off whatever the weather.
    expect(effectiveLevel(defaultSchedule, rules.slice(0, 1), local('2026-12-22T12:00:00'), dongHa, { rain: true, fog: false }).dimPct).toBe(0);
  });

  it('reports savings against the full-power baseline', () => {
    expect(savingsPct({ energyKWh: 75, baselineKWh: 100 })).toBeCloseTo(25);
    expect(savingsPct({ energyKWh: 0, baselineKWh: 0 })).toBeNull();
  });
});
