import type { Feature } from 'geojson';
import type { UserLayer } from '../../../shared/contract/methods/city';
import type { Camera, CityAssets, FloodGauge, Intersection, IocSite, Lamp, LightingCabinet } from '../../../shared/domain/city';
import { TILED_BASEMAP_ID } from './build-layers';
import { isUserLayerKey, layerKeyOfDeckId } from './layer-catalog';
import {
  basemapFeatureObject,
  cabinetObject,
  cameraObject,
  gaugeObject,
  intersectionObject,
  iocObject,
  lampObject,
  tileFeatureObject,
  userFeatureObject,
  type MapObject,
} from './map-objects';

export interface PickContext {
  assets: CityAssets | null;
  userLayers: readonly UserLayer[];
}

/** What deck.gl picked (its layer id, the datum, its index), as the object the details panel shows. */
export function pickedMapObject(deckLayerId: string, object: unknown, index: number, ctx: PickContext): MapObject | null {
  if (object === null || object === undefined) return null;
  if (deckLayerId.startsWith(TILED_BASEMAP_ID)) return tileFeatureObject(object as Feature, index);
  const key = layerKeyOfDeckId(deckLayerId);
  if (key === null) return null;
  if (isUserLayerKey(key)) {
    const layer = ctx.userLayers.find((l) => `user-${l.id}` === key);
    return layer ? userFeatureObject(layer, object as Feature, index) : null;
  }
  switch (key) {
    case 'cameras':
      return cameraObject(object as Camera);
    case 'intersections':
      return intersectionObject(object as Intersection, ctx.assets);
    case 'lighting':
      return cabinetObject(object as LightingCabinet);
    case 'lamps':
      return lampObject(object as Lamp, ctx.assets);
    case 'floodGauges':
      return gaugeObject(object as FloodGauge);
    case 'ioc':
      return iocObject(object as IocSite);
    case 'wards':
    case 'roads':
    case 'water':
    case 'landmarks':
      return basemapFeatureObject(key, object as Feature, index);
  }
  return null;
}
