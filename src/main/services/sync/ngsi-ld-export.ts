import { ngsiEntityTypes, type NgsiEntityType } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';
import type { AnalyticsStore } from '../analytics-store/analytics-store';
import type { StoreService } from '../store/store-service';
import { anprFlowObserved, crowdFlowObserved, streetlights, trafficFlowObserved, waterAndFlood, type KeyValuesEntity } from './ngsi-ld';

const HOUR = 3_600_000;

/**
 * The station's data for [from, to) as FIWARE Smart Data Models entities (key-values form;
 * `toNormalized` gives NGSI-LD). Hourly observations come from the hour rollup, plate reads
 * from raw events (capped by `maxReads`). `types` limits the export (and its queries) to some models.
 */
export async function exportEntities(options: { analytics: AnalyticsStore; store: StoreService; assets: CityAssets; station: string; from: Date; to: Date; maxReads?: number; types?: readonly NgsiEntityType[] }): Promise<KeyValuesEntity[]> {
  const { analytics, from, to } = options;
  const want = new Set<NgsiEntityType>(options.types ?? ngsiEntityTypes);
  const ctx = { station: options.station, assets: options.assets, bucketMs: HOUR };
  const series = (kind: 'traffic.volume' | 'crowd.count' | 'flood.level' | 'lighting.fault' | 'lighting.energy') => analytics.series({ grain: 'hour', kinds: [kind], groupBy: 'source', from, to });
  const out: KeyValuesEntity[] = [];
  if (want.has('TrafficFlowObserved')) out.push(...trafficFlowObserved(ctx, await series('traffic.volume')));
  if (want.has('CrowdFlowObserved')) out.push(...crowdFlowObserved(ctx, await series('crowd.count')));
  if (want.has('AnprFlowObserved')) {
    const reads = await options.store.all<{ seq: bigint; ts: Date; source: string; label: string | null }>(
      `SELECT seq, ts, source, label FROM an_events WHERE kind = 'plate.read' AND ts >= $1 AND ts < $2 ORDER BY seq LIMIT $3`,
      [from, to, options.maxReads ?? 10_000],
    );
    out.push(...anprFlowObserved(ctx, reads.map((r) => ({ seq: Number(r.seq), ts: new Date(r.ts), source: r.source, label: r.label }))));
  }
  if (want.has('Streetlight')) {
    const faults = new Set((await series('lighting.fault')).map((p) => p.key));
    const energy = await series('lighting.energy');
    const lit = energy.some((p) => p.sum > 0 && Date.parse(p.bucket) >= to.getTime() - 2 * HOUR);
    out.push(...streetlights(ctx, to, faults, lit));
  }
  if (want.has('WaterObserved') || want.has('FloodMonitoring')) {
    out.push(...waterAndFlood(ctx, await series('flood.level')).filter((e) => want.has(e.type as NgsiEntityType)));
  }
  return out;
}
