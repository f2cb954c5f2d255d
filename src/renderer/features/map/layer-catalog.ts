/** The map's toggleable layers; their ids are also the `layer-toggle-<id>` test ids. */
export const basemapLayerIds = ['wards', 'roads', 'water', 'landmarks'] as const;
export const cityLayerIds = ['cameras', 'intersections', 'lighting', 'lamps', 'floodGauges', 'ioc'] as const;

export type BasemapLayerId = (typeof basemapLayerIds)[number];
export type CityLayerId = (typeof cityLayerIds)[number];
export type UserLayerKey = `user-${string}`;
export type LayerKey = BasemapLayerId | CityLayerId | UserLayerKey;

export function userLayerKey(id: string): UserLayerKey {
  return `user-${id}`;
}

export function isUserLayerKey(key: string): key is UserLayerKey {
  return key.startsWith('user-') && key.length > 'user-'.length;
}

/**
 * Deck layer ids are `<layer key>` or `<layer key>:<part>` (labels, heading cones, …),
 * so a picked deck layer maps back to the toggle it belongs to.
 */
export function layerKeyOfDeckId(deckId: string): LayerKey | null {
  const key = deckId.split(':')[0] ?? '';
  if ((basemapLayerIds as readonly string[]).includes(key) || (cityLayerIds as readonly string[]).includes(key) || isUserLayerKey(key)) {
    return key as LayerKey;
  }
  // The tiled basemap has one deck layer for all four basemap groups.
  return null;
}

/**
 * Which basemap group a vector-tile layer belongs to, for the four toggles. A city's own file may
 * follow another schema (OpenMapTiles: transportation, waterway, boundary, place, poi …).
 */
export function basemapGroupOfTileLayer(layerName: string): BasemapLayerId | null {
  const name = layerName.toLowerCase();
  if ((basemapLayerIds as readonly string[]).includes(name)) return name as BasemapLayerId;
  if (/water|river|lake|ocean/.test(name)) return 'water';
  if (/road|transport|street|rail|highway/.test(name)) return 'roads';
  if (/ward|boundary|admin|district/.test(name)) return 'wards';
  if (/poi|place|landmark|label/.test(name)) return 'landmarks';
  return null;
}
