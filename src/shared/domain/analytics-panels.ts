import type { EventKind, RollupGrain } from './analytics';

/** One chart of the Thống kê page: which events it reads and how it groups them. */
export interface PanelSpec {
  kinds: readonly EventKind[];
  groupBy: 'kind' | 'source' | 'zone';
  /** Which aggregate the chart plots. `ratio` is sum / n (availability). */
  measure: 'sum' | 'max' | 'n' | 'flagged' | 'ratio';
  chart: 'line' | 'bar';
  /** Map layer a point of this chart drills down to (by source id). */
  drill?: 'cameras' | 'intersections' | 'lightingCabinets' | 'floodGauges';
}

export const panels = {
  trafficByRoad: { kinds: ['traffic.volume'], groupBy: 'zone', measure: 'sum', chart: 'line' },
  trafficByCamera: { kinds: ['traffic.volume'], groupBy: 'source', measure: 'sum', chart: 'bar', drill: 'cameras' },
  crowdPeaks: { kinds: ['crowd.count'], groupBy: 'zone', measure: 'max', chart: 'line' },
  plateReads: { kinds: ['plate.read'], groupBy: 'kind', measure: 'n', chart: 'bar' },
  watchlistHits: { kinds: ['plate.read'], groupBy: 'source', measure: 'flagged', chart: 'bar', drill: 'cameras' },
  floodLevels: { kinds: ['flood.level'], groupBy: 'source', measure: 'max', chart: 'line', drill: 'floodGauges' },
  rain: { kinds: ['flood.rain'], groupBy: 'kind', measure: 'sum', chart: 'bar' },
  lightingEnergy: { kinds: ['lighting.energy', 'lighting.baseline'], groupBy: 'kind', measure: 'sum', chart: 'bar' },
  lightingFaults: { kinds: ['lighting.fault'], groupBy: 'source', measure: 'n', chart: 'bar', drill: 'lightingCabinets' },
  signalAvailability: { kinds: ['signal.availability'], groupBy: 'source', measure: 'ratio', chart: 'line', drill: 'intersections' },
} as const satisfies Record<string, PanelSpec>;

export type PanelId = keyof typeof panels;
export const panelIds = Object.keys(panels) as PanelId[];

/** KPI cards: a kind's total over the range, compared with the previous period of equal length. */
export const kpis = {
  vehicles: { kind: 'traffic.volume', measure: 'sum' },
  crowdAlerts: { kind: 'crowd.alert', measure: 'n' },
  plateReads: { kind: 'plate.read', measure: 'n' },
  watchlistHits: { kind: 'plate.read', measure: 'flagged' },
  floodMax: { kind: 'flood.level', measure: 'max' },
  energyKwh: { kind: 'lighting.energy', measure: 'sum' },
  /** Share of the full-power baseline saved by dimming: 1 − energy / baseline. */
  energySavings: { kind: 'lighting.energy', measure: 'savings' },
  lightingFaults: { kind: 'lighting.fault', measure: 'n' },
  signalAvailability: { kind: 'signal.availability', measure: 'ratio' },
} as const satisfies Record<string, { kind: EventKind; measure: PanelSpec['measure'] | 'savings' }>;
export type KpiId = keyof typeof kpis;

/** Few enough points to draw and fine enough to read: minutes up to 6 h, hours up to 3 days, then days. */
export function grainFor(fromMs: number, toMs: number): RollupGrain {
  const span = toMs - fromMs;
  if (span <= 6 * 3_600_000) return 'minute';
  if (span <= 3 * 86_400_000) return 'hour';
  return 'day';
}
