import type { Feature, FeatureCollection, Position } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { forEachPosition } from '../../../../shared/lib/geojson-positions';
import { latToTileY, lonToTileX } from '../tile-coords';

export interface BuiltTile {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  /** Uncompressed MVT (vector tile spec v2). */
  readonly data: Uint8Array;
}

export interface VectorLayerInfo {
  id: string;
  /** Property name → "String" | "Number" | "Boolean", as TileJSON's vector_layers write them. */
  fields: Record<string, string>;
  minzoom: number;
  maxzoom: number;
}

export interface VectorTileSet {
  tiles: BuiltTile[];
  /** [west, south, east, north] of all features. */
  bounds: [number, number, number, number];
  vectorLayers: VectorLayerInfo[];
  minZoom: number;
  maxZoom: number;
}

export interface VectorTileOptions {
  minZoom: number;
  maxZoom: number;
  /** Refuses to build more tiles than this (a typo in the zoom range should not fill the disk). */
  maxTiles?: number;
}

const EXTENT = 4096;

/**
 * Cuts GeoJSON layers into Mapbox vector tiles with geojson-vt and encodes them with vt-pbf:
 * one MVT layer per input layer, every tile that any feature touches, from minZoom to maxZoom.
 */
export function buildVectorTiles(layers: Readonly<Record<string, FeatureCollection>>, options: VectorTileOptions): VectorTileSet {
  const { minZoom, maxZoom, maxTiles = 250_000 } = options;
  if (!(Number.isInteger(minZoom) && Number.isInteger(maxZoom) && minZoom >= 0 && minZoom <= maxZoom && maxZoom <= 22)) {
    throw new RangeError(`zoom range ${minZoom}–${maxZoom} is not within 0–22`);
  }
  const names = Object.keys(layers);
  if (names.length === 0) throw new RangeError('no layers to tile');
  const bounds = boundsOf(Object.values(layers));
  const indexes = names.map((name) => ({
    name,
    index: new GeoJSONVT(layers[name]!, { maxZoom, indexMaxZoom: Math.min(maxZoom, 5), extent: EXTENT, buffer: 64, tolerance: 3 }),
  }));

  const tiles: BuiltTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const [x0, x1] = [lonToTileX(bounds[0], z), lonToTileX(bounds[2], z)];
    const [y0, y1] = [latToTileY(bounds[3], z), latToTileY(bounds[1], z)];
    if (tiles.length + (x1 - x0 + 1) * (y1 - y0 + 1) > maxTiles) {
      throw new RangeError(`zoom ${z} would exceed ${maxTiles} tiles; lower the maximum zoom`);
    }
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const present: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        for (const { name, index } of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) present[name] = tile;
        }
        if (Object.keys(present).length === 0) continue;
        tiles.push({ z, x, y, data: new Uint8Array(fromGeojsonVt(present, { version: 2, extent: EXTENT })) });
      }
    }
  }
  return {
    tiles,
    bounds,
    minZoom,
    maxZoom,
    vectorLayers: names.map((id) => ({ id, fields: fieldsOf(layers[id]!.features), minzoom: minZoom, maxzoom: maxZoom })),
  };
}

function fieldsOf(features: Feature[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const feature of features) {
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (key in fields) continue;
      fields[key] = typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String';
    }
  }
  return fields;
}

function boundsOf(collections: FeatureCollection[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (p: Position) => {
    const [lon, lat] = p as [number, number];
    b[0] = Math.min(b[0], lon);
    b[1] = Math.min(b[1], lat);
    b[2] = Math.max(b[2], lon);
    b[3] = Math.max(b[3], lat);
  };
  for (const fc of collections) for (const f of fc.features) if (f.geometry) forEachPosition(f.geometry, visit);
  if (!Number.isFinite(b[0])) throw new RangeError('the layers hold no coordinates');
  return b;
}

