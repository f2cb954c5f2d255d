import type { Feature } from 'geojson';
import type {
  Camera,
  CityAssets,
  FloodGauge,
  Intersection,
  IocSite,
  Lamp,
  LightingCabinet,
  SearchHit,
} from '../../../shared/domain/city';
import { geometryAnchor, geometryBounds, type Bounds, type LngLat } from './geometry';
import { basemapGroupOfTileLayer, userLayerKey, type BasemapLayerId, type LayerKey } from './layer-catalog';
import type { MapStringKey } from './strings';

export type MapObjectKind =
  | 'camera'
  | 'intersection'
  | 'lightingCabinet'
  | 'lamp'
  | 'floodGauge'
  | 'ioc'
  | 'ward'
  | 'road'
  | 'street'
  | 'water'
  | 'landmark'
  | 'userFeature'
  | 'basemapFeature';

/** One extra row of the details panel; booleans and numbers are formatted by the panel. */
export interface MapFact {
  label: MapStringKey;
  value: string | number | boolean;
  unit?: string;
}

/** Anything on the map that can be hovered, clicked, searched for and shown in the details panel. */
export interface MapObject {
  /** Unique across kinds: `${kind}:${id}`. */
  key: string;
  kind: MapObjectKind;
  id: string;
  name: string;
  position: LngLat;
  wardId?: string;
  camera?: { kind: Camera['kind']; address: string; heading: number };
  bounds?: Bounds;
  /** The toggle the object belongs to, if any. */
  layer: LayerKey | null;
  facts: MapFact[];
  /** Properties of an imported or tiled feature, shown in the file's own words. */
  properties?: Array<[string, string]>;
}

const make = (o: Omit<MapObject, 'key'>): MapObject => ({ ...o, key: `${o.kind}:${o.id}` });

export function cameraObject(c: Camera): MapObject {
  return make({
    kind: 'camera',
    id: c.id,
    name: c.name,
    position: c.position,
    wardId: c.wardId,
    camera: { kind: c.kind, address: c.address, heading: c.heading },
    layer: 'cameras',
    facts: [],
  });
}

export function intersectionObject(i: Intersection, assets: Pick<CityAssets, 'routes'> | null): MapObject {
  const routes = i.routeIds.map((id) => assets?.routes.find((r) => r.id === id)?.name ?? id);
  return make({
    kind: 'intersection',
    id: i.id,
    name: i.name,
    position: i.position,
    wardId: i.wardId,
    layer: 'intersections',
    facts: routes.length ? [{ label: 'map.details.routes', value: routes.join(', ') }] : [],
  });
}

export function cabinetObject(c: LightingCabinet): MapObject {
  return make({
    kind: 'lightingCabinet',
    id: c.id,
    name: c.name,
    position: c.position,
    wardId: c.wardId,
    layer: 'lighting',
    facts: [{ label: 'map.details.street', value: c.street }],
  });
}

export function lampObject(l: Lamp, assets: Pick<CityAssets, 'lightingCabinets'> | null): MapObject {
  const cabinet = assets?.lightingCabinets.find((c) => c.id === l.cabinetId);
  return make({
    kind: 'lamp',
    id: l.id,
    name: l.id,
    position: l.position,
    wardId: cabinet?.wardId,
    layer: 'lamps',
    facts: [
      { label: 'map.details.cabinet', value: cabinet?.name ?? l.cabinetId },
      { label: 'map.details.power', value: l.powerW, unit: 'W' },
    ],
  });
}

export function gaugeObject(g: FloodGauge): MapObject {
  return make({
    kind: 'floodGauge',
    id: g.id,
    name: g.name,
    position: g.position,
    wardId: g.wardId,
    layer: 'floodGauges',
    facts: [
      { label: 'map.details.thresholds', value: g.thresholdsM.map((m) => m.toFixed(2)).join(' / '), unit: 'm' },
      { label: 'map.details.siren', value: g.hasSiren },
    ],
  });
}

export function iocObject(ioc: IocSite): MapObject {
  return make({ kind: 'ioc', id: ioc.id, name: ioc.name, position: ioc.position, layer: 'ioc', facts: [{ label: 'map.details.address', value: ioc.address }] });
}

const groupKind: Record<BasemapLayerId, MapObjectKind> = { wards: 'ward', roads: 'road', water: 'water', landmarks: 'landmark' };

/** A feature of the built-in basemap (or of a tiled one, whose layer names may follow another schema). */
export function basemapFeatureObject(group: BasemapLayerId | null, feature: Feature, index = 0): MapObject | null {
  const position = geometryAnchor(feature.geometry);
  if (!position) return null;
  const p = feature.properties ?? {};
  const kind = group ? groupKind[group] : 'basemapFeature';
  const id = text(p.id) ?? text(feature.id) ?? `${group ?? 'feature'}-${index}`;
  const facts: MapFact[] = [];
  if (kind === 'road' && text(p.class)) facts.push({ label: 'map.details.class', value: text(p.class)! });
  if (kind === 'road' && text(p.ref)) facts.push({ label: 'map.details.ref', value: text(p.ref)! });
  return make({
    kind,
    id,
    name: featureName(p) ?? id,
    position,
    wardId: kind === 'ward' ? id : text(p.wardId),
    bounds: geometryBounds(feature.geometry) ?? undefined,
    layer: group,
    facts,
  });
}

/** A feature picked from a vector tile: its tile layer says which basemap group it belongs to. */
export function tileFeatureObject(feature: Feature, index = 0): MapObject | null {
  const layerName = text(feature.properties?.layerName) ?? '';
  const object = basemapFeatureObject(basemapGroupOfTileLayer(layerName), feature, index);
  if (!object) return null;
  if (layerName) object.facts.push({ label: 'map.details.layer', value: layerName });
  // Name and id are already the panel's title and id row.
  object.properties = featureProperties(feature).filter(([k]) => !['layerName', 'name', 'id'].includes(k));
  return object;
}

/** A feature of a layer the operator imported: up to a dozen of its properties are shown as they are. */
export function userFeatureObject(layer: { id: string; name: string }, feature: Feature, index: number): MapObject | null {
  const position = geometryAnchor(feature.geometry);
  if (!position) return null;
  const p = feature.properties ?? {};
  const id = `${layer.id}/${text(feature.id) ?? index}`;
  const facts: MapFact[] = [{ label: 'map.details.layer', value: layer.name }];
  return make({
    kind: 'userFeature',
    id,
    name: featureName(p) ?? `${layer.name} #${index + 1}`,
    position,
    bounds: geometryBounds(feature.geometry) ?? undefined,
    layer: userLayerKey(layer.id),
    facts,
    properties: featureProperties(feature),
  });
}

/** A feature's plain properties as label/value pairs for display, capped in count and length. */
export function featureProperties(feature: Feature, max = 12): Array<[string, string]> {
  return Object.entries(feature.properties ?? {})
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .slice(0, max)
    .map(([k, v]) => [k.slice(0, 60), String(v).slice(0, 200)]);
}

/** A search hit, completed from the city's assets where it names one of them. */
export function searchHitObject(hit: SearchHit, assets: CityAssets | null): MapObject {
  const found = assets ? assetObjectById(hit.kind, hit.id, assets) : null;
  if (found) return found;
  const kind: MapObjectKind = hit.kind;
  const layer: LayerKey | null = hit.kind === 'ward' ? 'wards' : hit.kind === 'landmark' ? 'landmarks' : hit.kind === 'street' ? 'roads' : null;
  return make({ kind, id: hit.id, name: hit.name, position: hit.position, wardId: hit.wardId, layer, facts: [] });
}

export function assetObjectById(kind: string, id: string, assets: CityAssets): MapObject | null {
  switch (kind) {
    case 'camera': {
      const c = assets.cameras.find((x) => x.id === id);
      return c ? cameraObject(c) : null;
    }
    case 'intersection': {
      const i = assets.intersections.find((x) => x.id === id);
      return i ? intersectionObject(i, assets) : null;
    }
    case 'lightingCabinet': {
      const c = assets.lightingCabinets.find((x) => x.id === id);
      return c ? cabinetObject(c) : null;
    }
    case 'floodGauge': {
      const g = assets.floodGauges.find((x) => x.id === id);
      return g ? gaugeObject(g) : null;
    }
    case 'ioc':
      return assets.ioc.id === id ? iocObject(assets.ioc) : null;
    default:
      return null;
  }
}

function featureName(p: Record<string, unknown>): string | undefined {
  return text(p.name) ?? text(p['name:vi']) ?? text(p.name_vi) ?? text(p.ten) ?? text(p.title);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
