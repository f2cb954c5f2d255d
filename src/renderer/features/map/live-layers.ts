import type { Layer } from '@deck.gl/core';
import type { CityAssets } from '../../../shared/domain/city';
import type { FieldSnapshot } from '../../../shared/domain/field';
import type { VisionCounts } from '../../../shared/domain/vision';
import { fieldMapLayers } from '../control/field-map-layers';
import { crowdMapLayer, crowdPoints } from '../vision/crowd-map-layer';
import type { LayerKey } from './layer-catalog';

export interface LiveLayerInput {
  /** False for a map that shows no live state at all (the video page's camera map). */
  live: boolean;
  fieldSnapshot: FieldSnapshot | null;
  visionCounts: Readonly<Record<string, VisionCounts>> | null;
  assets: CityAssets | null;
  isVisible: (key: LayerKey) => boolean;
}

// Shared and never mutated: an unchanged empty result keeps its identity for React and deck.gl.
const NO_LAYERS: Layer[] = [];

/**
 * The layers that change while the map is open: crowd discs and field controller state. Their ids
 * keep their city layer's key (`cameras:crowd` belongs to the cameras toggle), so a map showing
 * cameras would draw crowds too; a map that must stay still says `live: false` and gets none.
 */
export function liveMapLayers({ live, fieldSnapshot, visionCounts, assets, isVisible }: LiveLayerInput): Layer[] {
  if (!live || !assets) return NO_LAYERS;
  const field = fieldSnapshot ? fieldMapLayers(fieldSnapshot, assets) : [];
  const crowd = visionCounts ? crowdPoints(assets.cameras, visionCounts) : [];
  const layers = [...(crowd.length ? [crowdMapLayer(crowd)] : []), ...field].filter((l) => isVisible((l.id.split(':')[0] ?? '') as LayerKey));
  return layers.length ? layers : NO_LAYERS;
}

/**
 * The city's layers with the live ones above the city points and below the selection ring. With
 * no live layers it is the city's own array, so deck.gl sees nothing new.
 */
export function withLiveLayers(layers: Layer[], live: Layer[]): Layer[] {
  if (live.length === 0) return layers;
  const at = layers.findIndex((l) => l.id === 'selection');
  return at < 0 ? [...layers, ...live] : [...layers.slice(0, at), ...live, ...layers.slice(at)];
}
