import { parse } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import type { Feature } from 'geojson';
import { toArrayBuffer } from '../decompress';

/** Decodes MVT bytes the way the renderer does (loaders.gl, no workers) into WGS84 GeoJSON features. */
export async function decodeTile(bytes: Uint8Array, index: { z: number; x: number; y: number }): Promise<Feature[]> {
  const features = await parse(toArrayBuffer(bytes), MVTLoader, {
    core: { worker: false },
    mvt: { shape: 'geojson', coordinates: 'wgs84', tileIndex: index, layerProperty: 'layerName' },
  });
  return features as Feature[];
}
