import type { Translate } from '../../i18n';
import { compassPoint } from './geometry';
import type { MapObject, MapObjectKind } from './map-objects';

const kindKeys = {
  camera: 'map.kind.camera.standard',
  intersection: 'map.kind.intersection',
  lightingCabinet: 'map.kind.lightingCabinet',
  lamp: 'map.kind.lamp',
  floodGauge: 'map.kind.floodGauge',
  ioc: 'map.kind.ioc',
  ward: 'map.kind.ward',
  road: 'map.kind.road',
  street: 'map.kind.street',
  water: 'map.kind.water',
  landmark: 'map.kind.landmark',
  userFeature: 'map.kind.userFeature',
  basemapFeature: 'map.kind.basemapFeature',
} as const satisfies Record<MapObjectKind, string>;

/** "Camera AI", "Phường", … for an object or a search hit's kind. */
export function kindLabel(t: Translate, kind: MapObjectKind, object?: Pick<MapObject, 'camera'>): string {
  if (kind === 'camera' && object?.camera) return t(object.camera.kind === 'ai' ? 'map.kind.camera.ai' : 'map.kind.camera.standard');
  if (kind === 'camera') return t('map.layer.cameras');
  return t(kindKeys[kind]);
}

/** "135° (Đông Nam)" */
export function headingLabel(t: Translate, degrees: number): string {
  return t('map.details.headingValue', { degrees: Math.round(degrees), direction: t(`map.dir.${compassPoint(degrees)}`) });
}

/** Latitude first, as people read coordinates aloud; five decimals is about a metre. */
export function coordinatesLabel([lon, lat]: [number, number]): string {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
