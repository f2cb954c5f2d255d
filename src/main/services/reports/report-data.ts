import type { AnalyticsStore } from '../analytics-store/analytics-store';
import { readKpis, type KpiValue } from '../analytics-store/dashboard';
import { reportStrings, type ReportLanguage } from './report-strings';

export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ReportData {
  title: string;
  subtitle: string;
  kpis: KpiValue[];
  tables: ReportTable[];
}

const round = (x: number | null, digits = 1) => (x === null ? '—' : Math.round(x * 10 ** digits) / 10 ** digits);

/** The figures of one report: KPIs against the previous period, and the per-system tables. */
export async function buildReportData(analytics: AnalyticsStore, from: Date, to: Date, language: ReportLanguage, title: string, subtitle: string): Promise<ReportData> {
  const s = reportStrings[language];
  const kpis = await readKpis(analytics, from, to);
  const grain = 'hour' as const;
  const group = async (kinds: Parameters<AnalyticsStore['series']>[0]['kinds'], groupBy: 'zone' | 'source' | 'kind') => {
    const points = await analytics.series({ grain, kinds, groupBy, from, to });
    const byKey = new Map<string, { n: number; sum: number; max: number | null; flagged: number }>();
    for (const p of points) {
      const a = byKey.get(p.key) ?? { n: 0, sum: 0, max: null, flagged: 0 };
      a.n += p.n;
      a.sum += p.sum;
      a.flagged += p.flagged;
      a.max = p.max === null ? a.max : Math.max(a.max ?? p.max, p.max);
      byKey.set(p.key, a);
    }
    return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b, 'vi'));
  };
  const traffic = await group(['traffic.volume'], 'zone');
  const crowd = await group(['crowd.count'], 'zone');
  const flood = await group(['flood.level'], 'source');
  const lighting = await group(['lighting.energy', 'lighting.baseline'], 'kind');
  const signals = await group(['signal.availability'], 'source');
  const plates = await group(['plate.read'], 'source');
  const energy = lighting.find(([k]) => k === 'lighting.energy')?.[1].sum ?? 0;
  const baseline = lighting.find(([k]) => k === 'lighting.baseline')?.[1].sum ?? 0;
  return {
    title,
    subtitle,
    kpis,
    tables: [
      { title: s.trafficTitle, columns: [s.road, s.vehicles], rows: traffic.map(([k, a]) => [k, Math.round(a.sum)]) },
      { title: s.crowdTitle, columns: [s.zone, s.peak, s.alerts], rows: crowd.map(([k, a]) => [k, round(a.max, 0), a.flagged]) },
      { title: s.platesTitle, columns: [s.camera, s.reads, s.watchlist], rows: plates.map(([k, a]) => [k, a.n, a.flagged]) },
      { title: s.floodTitle, columns: [s.gauge, s.maxLevel, s.aboveThreshold], rows: flood.map(([k, a]) => [k, round(a.max, 2), a.flagged]) },
      {
        title: s.lightingTitle,
        columns: [s.energy, s.baseline, s.savings],
        rows: [[round(energy), round(baseline), baseline ? `${round((1 - energy / baseline) * 100)} %` : '—']],
      },
      { title: s.signalsTitle, columns: [s.intersection, s.availability], rows: signals.map(([k, a]) => [k, a.n ? `${round((a.sum / a.n) * 100, 2)} %` : '—']) },
    ],
  };
}
