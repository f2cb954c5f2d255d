import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';

/** Fetches one tile of the open basemap file as base64 MVT, or null where the file has none. */
export type FetchTile = (z: number, x: number, y: number, signal?: AbortSignal) => Promise<string | null>;

export interface TileIndex {
  x: number;
  y: number;
  z: number;
}

export interface TileParseOptions {
  /** `local`: 0–1 within the tile, what deck's MVTLayer draws in a Web Mercator view. */
  coordinates: 'local' | 'wgs84';
  shape: 'geojson' | 'binary';
  signal?: AbortSignal;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * One basemap tile: asked of the main process (the file stays there), decoded here with
 * loaders.gl on this thread. `worker: false` matters: loaders.gl's workers would come from a
 * CDN, which the console's CSP and its offline stations both forbid.
 */
export async function loadBasemapTile(fetchTile: FetchTile, index: TileIndex, options: TileParseOptions): Promise<unknown> {
  const base64 = await fetchTile(index.z, index.x, index.y, options.signal);
  if (base64 === null || options.signal?.aborted) return null;
  const bytes = base64ToBytes(base64);
  return parse(bytes.buffer, MVTLoader, {
    core: { worker: false },
    mvt: { shape: options.shape, coordinates: options.coordinates, tileIndex: index, layerProperty: 'layerName' },
  });
}
