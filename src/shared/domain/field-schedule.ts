import type { LightingRule, ScheduleStep, ScheduleTime } from './field-lighting';

/**
 * Lighting schedules by clock and by sunset/sunrise, evaluated as a cabinet's astronomical
 * clock does. Sun times follow the standard sunrise equation (NOAA's low-precision form,
 * good to a minute or two at these latitudes), with the usual −0.833° for refraction and the sun's disc.
 */
export interface Site {
  lat: number;
  lng: number;
  /** Local time's offset from UTC in minutes (Vietnam: +420, no daylight saving). */
  utcOffsetMin: number;
}

const DAY_MS = 86_400_000;
const J2000 = 2_451_545;
const rad = Math.PI / 180;

const toJulian = (ms: number) => ms / DAY_MS + 2_440_587.5;
const fromJulian = (j: number) => Math.round((j - 2_440_587.5) * DAY_MS);

/** Sunrise and sunset (epoch ms) of the local calendar day that contains `localDayMs`. */
export function sunTimes(localDayMs: number, site: Pick<Site, 'lat' | 'lng' | 'utcOffsetMin'>): { sunrise: number; sunset: number } {
  const noonUtc = localMidnight(localDayMs, site.utcOffsetMin) + DAY_MS / 2 - site.utcOffsetMin * 60_000;
  const n = Math.round(toJulian(noonUtc) - J2000 - 0.0009 + site.lng / 360);
  const meanSolarNoon = n + 0.0009 - site.lng / 360;
  const m = (357.5291 + 0.98560028 * meanSolarNoon) % 360;
  const center = 1.9148 * Math.sin(m * rad) + 0.02 * Math.sin(2 * m * rad) + 0.0003 * Math.sin(3 * m * rad);
  const lambda = (m + center + 180 + 102.9372) % 360;
  const transit = J2000 + meanSolarNoon + 0.0053 * Math.sin(m * rad) - 0.0069 * Math.sin(2 * lambda * rad);
  const declination = Math.asin(Math.sin(lambda * rad) * Math.sin(23.4397 * rad));
  const cosOmega =
    (Math.sin(-0.833 * rad) - Math.sin(site.lat * rad) * Math.sin(declination)) / (Math.cos(site.lat * rad) * Math.cos(declination));
  // Polar day or night cannot happen in Vietnam; clamp so a bad site degrades instead of NaN.
  const omega = Math.acos(Math.max(-1, Math.min(1, cosOmega))) / rad;
  return { sunrise: fromJulian(transit - omega / 360), sunset: fromJulian(transit + omega / 360) };
}

/** Epoch ms of local midnight starting the local day that contains `ms`. */
export function localMidnight(ms: number, utcOffsetMin: number): number {
  const offset = utcOffsetMin * 60_000;
  return Math.floor((ms + offset) / DAY_MS) * DAY_MS - offset;
}

function stepInstant(at: ScheduleTime, dayStart: number, site: Site): number {
  if (at.kind === 'clock') {
    const [h, m] = at.time.split(':').map(Number) as [number, number];
    return dayStart + (h * 60 + m) * 60_000;
  }
  const sun = sunTimes(dayStart + DAY_MS / 2, site);
  return (at.kind === 'sunset' ? sun.sunset : sun.sunrise) + at.offsetMin * 60_000;
}

/** The level the schedule asks for at `now`: the last step reached, counting back into yesterday. */
export function scheduledLevel(steps: readonly ScheduleStep[], now: number, site: Site): number {
  if (steps.length === 0) return 0;
  const today = localMidnight(now, site.utcOffsetMin);
  let best: { t: number; dimPct: number } | null = null;
  for (const day of [today - DAY_MS, today]) {
    for (const step of steps) {
      const t = stepInstant(step.at, day, site);
      if (t <= now && (best === null || t >= best.t)) best = { t, dimPct: step.dimPct };
    }
  }
  return best?.dimPct ?? 0;
}

export interface LevelDecision {
  dimPct: number;
  source: string;
}

/** Schedule first, then an event overrides it, then bad weather raises a level that is on. */
export function effectiveLevel(steps: readonly ScheduleStep[], rules: readonly LightingRule[], now: number, site: Site, weather: { rain: boolean; fog: boolean }): LevelDecision {
  let decision: LevelDecision = { dimPct: scheduledLevel(steps, now, site), source: 'schedule' };
  for (const rule of rules) {
    if (rule.kind === 'event' && rule.from <= now && now < rule.to) decision = { dimPct: rule.dimPct, source: `rule:event:${rule.name}` };
  }
  for (const rule of rules) {
    if (rule.kind === 'weather' && weather[rule.when] && decision.dimPct > 0 && decision.dimPct < rule.minDimPct) {
      decision = { dimPct: rule.minDimPct, source: `rule:weather:${rule.when}` };
    }
  }
  return decision;
}
