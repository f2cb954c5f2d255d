import { kpis, panels, type KpiId, type PanelId } from '../../../shared/domain/analytics-panels';
import type { AnalyticsStore } from './analytics-store';
import type { SeriesPoint, RollupGrain } from '../../../shared/domain/analytics';

export interface KpiValue {
  id: KpiId;
  value: number | null;
  previous: number | null;
}

function measureOf(measure: string, t: { n: number; sum: number; max: number | null; flagged: number }): number | null {
  switch (measure) {
    case 'sum':
      return t.sum;
    case 'n':
      return t.n;
    case 'flagged':
      return t.flagged;
    case 'max':
      return t.max;
    case 'ratio':
      return t.n ? t.sum / t.n : null;
    default:
      return null;
  }
}

/** KPI cards for a range and for the period of equal length just before it. */
export async function readKpis(analytics: AnalyticsStore, from: Date, to: Date): Promise<KpiValue[]> {
  const kinds = [...new Set([...Object.values(kpis).map((k) => k.kind), 'lighting.baseline' as const])];
  const span = to.getTime() - from.getTime();
  const [now, before] = await Promise.all([analytics.totals(kinds, from, to), analytics.totals(kinds, new Date(from.getTime() - span), from)]);
  return (Object.keys(kpis) as KpiId[]).map((id) => {
    const spec = kpis[id];
    const a = now.find((t) => t.kind === spec.kind)!;
    const b = before.find((t) => t.kind === spec.kind)!;
    if (spec.measure === 'savings') {
      const saved = (use: typeof now) => {
        const base = use.find((t) => t.kind === 'lighting.baseline')!.sum;
        return base ? 1 - use.find((t) => t.kind === 'lighting.energy')!.sum / base : null;
      };
      return { id, value: saved(now), previous: saved(before) };
    }
    return { id, value: measureOf(spec.measure, a), previous: measureOf(spec.measure, b) };
  });
}

/** One chart's series over a range; `source` narrows it to one asset (the drill-down back from the map). */
export function readPanel(analytics: AnalyticsStore, id: PanelId, grain: RollupGrain, from: Date, to: Date, source?: string): Promise<SeriesPoint[]> {
  const spec = panels[id];
  return analytics.series({ grain, kinds: spec.kinds, groupBy: spec.groupBy, from, to, source });
}
