import type { AnalyticsEvent } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';

/** Demo readings every five minutes: fine enough for the charts, small enough for 35 days of history. */
export const DEMO_STEP_MS = 5 * 60_000;

/** A stable pseudo-random number in [0, 1) for a (source, instant) pair, so a step always gives the same reading. */
function noise(source: string, t: number, salt = 0): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < source.length; i++) h = Math.imul(h ^ source.charCodeAt(i), 16777619);
  h = Math.imul(h ^ Math.floor(t / DEMO_STEP_MS), 2654435761);
  h ^= h >>> 15;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/** Local hour of day in Đông Hà (UTC+7) with fractions. */
const localHour = (t: number) => (((t / 3_600_000 + 7) % 24) + 24) % 24;
/** Rush hours at 7:00 and 17:00, quiet at night. */
const trafficShape = (h: number) => 0.15 + Math.exp(-((h - 7) ** 2) / 2) + 0.9 * Math.exp(-((h - 17.2) ** 2) / 2.5) + 0.4 * Math.exp(-((h - 12) ** 2) / 6);
const isNight = (h: number) => h >= 18 || h < 5.5;

/**
 * Deterministic demo-city measurements for [from, to), step by step: traffic and crowds on the AI
 * cameras, plate reads with rare watchlist hits, controller availability, lighting energy against
 * its full-power baseline, flood levels and rain. Stands in until the services publish real events.
 */
export function demoEvents(assets: CityAssets, fromMs: number, toMs: number): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  const ai = assets.cameras.filter((c) => c.kind === 'ai');
  const roadOf = (address: string) => (address.split(',')[0] ?? address).replace(/^Ngã (tư|ba) /, '').split(' – ')[0]!.trim();
  const lampsByCabinet = new Map<string, number>();
  for (const l of assets.lamps) lampsByCabinet.set(l.cabinetId, (lampsByCabinet.get(l.cabinetId) ?? 0) + l.powerW);
  const start = Math.ceil(fromMs / DEMO_STEP_MS) * DEMO_STEP_MS;
  for (let t = start; t < toMs; t += DEMO_STEP_MS) {
    const ts = new Date(t);
    const h = localHour(t);
    const day = Math.floor((t + 7 * 3_600_000) / 86_400_000);
    // A wet spell every tenth day or so drives the rain and the flood gauges.
    const wet = noise('weather', day * 86_400_000) < 0.12 ? 1 : 0;
    for (const cam of ai) {
      const road = roadOf(cam.address);
      const volume = Math.round(trafficShape(h) * (60 + 40 * noise(cam.id, t, 1)));
      out.push({ ts, kind: 'traffic.volume', source: cam.id, zone: road, value: volume, flag: false, label: null });
      const crowd = Math.round(trafficShape(h) * 25 * (0.5 + noise(cam.id, t, 2)) + (h > 19 && h < 22 ? 40 : 0));
      out.push({ ts, kind: 'crowd.count', source: cam.id, zone: cam.wardId, value: crowd, flag: crowd > 50, label: null });
      if (crowd > 50) out.push({ ts, kind: 'crowd.alert', source: cam.id, zone: cam.wardId, value: 1, flag: true, label: null });
      // One camera in ten reads plates at a time (ANPR lanes), so reads stay a fraction of the traffic.
      const reads = Math.round(volume * 0.03);
      for (let i = 0; i < reads; i++) {
        const hit = noise(cam.id, t + i, 3) < 0.01;
        out.push({ ts, kind: 'plate.read', source: cam.id, zone: road, value: 1, flag: hit, label: null });
      }
    }
    for (const x of assets.intersections) {
      out.push({ ts, kind: 'signal.availability', source: x.id, zone: x.wardId, value: noise(x.id, t, 4) < 0.995 ? 1 : 0, flag: false, label: null });
    }
    for (const cab of assets.lightingCabinets) {
      const watts = lampsByCabinet.get(cab.id) ?? 0;
      const hours = DEMO_STEP_MS / 3_600_000;
      const baseline = isNight(h) ? (watts * hours) / 1000 : 0;
      // Dimmed to 50 % after 23:00 and to 80 % before it.
      const level = h >= 23 || h < 5.5 ? 0.5 : 0.8;
      out.push({ ts, kind: 'lighting.energy', source: cab.id, zone: cab.street, value: baseline * level, flag: false, label: null });
      out.push({ ts, kind: 'lighting.baseline', source: cab.id, zone: cab.street, value: baseline, flag: false, label: null });
      if (isNight(h) && noise(cab.id, t, 5) < 0.004) out.push({ ts, kind: 'lighting.fault', source: cab.id, zone: cab.street, value: 1, flag: true, label: null });
    }
    const rain = wet ? Math.round(noise('rain', t, 6) * 12 * 10) / 10 : 0;
    out.push({ ts, kind: 'flood.rain', source: 'rain-dong-ha', zone: '', value: rain, flag: false, label: null });
    for (const g of assets.floodGauges) {
      const level = Math.round((g.thresholdsM[0] * (0.35 + 0.25 * wet + 0.7 * wet * Math.sin(((t / 3_600_000) % 24) / 24 * Math.PI)) + 0.1 * noise(g.id, t, 7)) * 100) / 100;
      out.push({ ts, kind: 'flood.level', source: g.id, zone: g.wardId, value: level, flag: level >= g.thresholdsM[0], label: null });
    }
  }
  return out;
}
