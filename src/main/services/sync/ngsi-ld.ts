import type { CityAssets, LngLat } from '../../../shared/domain/city';
import type { SeriesPoint } from '../../../shared/domain/analytics';

/** Key-values form: what the Smart Data Models' JSON Schemas describe. */
export type KeyValuesEntity = { id: string; type: string } & Record<string, unknown>;

export const NGSI_LD_CONTEXT = [
  'https://raw.githubusercontent.com/smart-data-models/dataModel.Transportation/master/context.jsonld',
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
];

const point = (p: LngLat) => ({ type: 'Point', coordinates: [p[0], p[1]] });
/** Ids keep to the characters NGSI-LD allows in a URN's last part. */
const part = (s: string) => s.replace(/[^A-Za-z0-9\-_.:]/g, '_');
const urn = (type: string, station: string, ...rest: string[]) => `urn:ngsi-ld:${type}:${[station, ...rest].map(part).join(':')}`;

export interface ExportContext {
  station: string;
  assets: CityAssets;
  /** Length of one rollup bucket in ms (an hour for the hourly export). */
  bucketMs: number;
}

/** TrafficFlowObserved per camera and bucket, from traffic.volume rollup points grouped by source. */
export function trafficFlowObserved(ctx: ExportContext, points: readonly SeriesPoint[]): KeyValuesEntity[] {
  const cams = new Map(ctx.assets.cameras.map((c) => [c.id, c]));
  return points.flatMap((p) => {
    const cam = cams.get(p.key);
    if (!cam) return [];
    const from = p.bucket;
    const to = new Date(Date.parse(p.bucket) + ctx.bucketMs).toISOString();
    return [{ id: urn('TrafficFlowObserved', ctx.station, cam.id, from), type: 'TrafficFlowObserved', name: cam.name, location: point(cam.position), dateObserved: `${from}/${to}`, dateObservedFrom: from, dateObservedTo: to, intensity: p.sum }];
  });
}

/** CrowdFlowObserved per camera and bucket: the peak head count, congested when an alert fired. */
export function crowdFlowObserved(ctx: ExportContext, points: readonly SeriesPoint[]): KeyValuesEntity[] {
  const cams = new Map(ctx.assets.cameras.map((c) => [c.id, c]));
  return points.flatMap((p) => {
    const cam = cams.get(p.key);
    if (!cam) return [];
    const to = new Date(Date.parse(p.bucket) + ctx.bucketMs).toISOString();
    return [{ id: urn('CrowdFlowObserved', ctx.station, cam.id, p.bucket), type: 'CrowdFlowObserved', name: cam.name, location: point(cam.position), dateObserved: `${p.bucket}/${to}`, dateObservedFrom: p.bucket, dateObservedTo: to, peopleCount: Math.round(p.max ?? 0), congested: p.flagged > 0 }];
  });
}

/** AnprFlowObserved per plate read (raw events). */
export function anprFlowObserved(ctx: ExportContext, reads: readonly { seq: number; ts: Date; source: string; label: string | null }[]): KeyValuesEntity[] {
  const cams = new Map(ctx.assets.cameras.map((c) => [c.id, c]));
  return reads.flatMap((r) => {
    const cam = cams.get(r.source);
    if (!cam) return [];
    return [
      {
        id: urn('AnprFlowObserved', ctx.station, String(r.seq)),
        type: 'AnprFlowObserved',
        location: point(cam.position),
        dateObserved: r.ts.toISOString(),
        observedBy: urn('Camera', ctx.station, cam.id),
        vehiclePlateNotRead: r.label === null,
        ...(r.label ? { observedVehicle: { licensePlate: { identifier: r.label } } } : {}),
      },
    ];
  });
}

/** Streetlight per lamp, with its cabinet's state over the last bucket. */
export function streetlights(ctx: ExportContext, at: Date, faultyCabinets: ReadonlySet<string>, on: boolean): KeyValuesEntity[] {
  return ctx.assets.lamps.map((l) => ({
    id: urn('Streetlight', ctx.station, l.id),
    type: 'Streetlight',
    location: point(l.position),
    status: faultyCabinets.has(l.cabinetId) ? 'defectiveLamp' : 'ok',
    powerState: on ? 'on' : 'off',
    powerConsumption: on ? l.powerW : 0,
    refStreetlightControlCabinet: urn('StreetlightControlCabinet', ctx.station, l.cabinetId),
    observationDateTime: at.toISOString(),
  }));
}

/** WaterObserved and FloodMonitoring per gauge and bucket, from flood.level points grouped by source. */
export function waterAndFlood(ctx: ExportContext, points: readonly SeriesPoint[]): KeyValuesEntity[] {
  const gauges = new Map(ctx.assets.floodGauges.map((g) => [g.id, g]));
  return points.flatMap((p) => {
    const g = gauges.get(p.key);
    if (!g) return [];
    const level = p.max ?? 0;
    const [watch, alert, danger] = g.thresholdsM;
    const status = level >= danger ? 'danger' : level >= alert ? 'alert' : level >= watch ? 'watch' : 'normal';
    return [
      { id: urn('WaterObserved', ctx.station, g.id, p.bucket), type: 'WaterObserved', name: g.name, location: point(g.position), dateObserved: p.bucket, height: Math.max(0, level) },
      {
        id: urn('FloodMonitoring', ctx.station, g.id, p.bucket),
        type: 'FloodMonitoring',
        name: g.name,
        location: point(g.position),
        stationID: g.id,
        observationDateTime: p.bucket,
        currentLevel: level,
        alertLevel: alert,
        dangerLevel: danger,
        floodLevelStatus: status,
      },
    ];
  });
}

const GEO = new Set(['location']);
const RELATIONSHIPS = new Set(['observedBy', 'refStreetlightControlCabinet']);

/** NGSI-LD normalized form: every attribute a Property, GeoProperty or Relationship, plus the @context. */
export function toNormalized(entity: KeyValuesEntity): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entity.id, type: entity.type };
  for (const [key, value] of Object.entries(entity)) {
    if (key === 'id' || key === 'type') continue;
    if (GEO.has(key)) out[key] = { type: 'GeoProperty', value };
    else if (RELATIONSHIPS.has(key)) out[key] = { type: 'Relationship', object: value };
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[^/]*Z$/.test(value)) out[key] = { type: 'Property', value: { '@type': 'DateTime', '@value': value } };
    else out[key] = { type: 'Property', value };
  }
  out['@context'] = NGSI_LD_CONTEXT;
  return out;
}
