import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { encodeMbtiles } from './mbtiles-writer';
import { encodePmtiles } from './pmtiles-writer';
import { buildVectorTiles } from './vector-tiles';

export interface BasemapBuildInput {
  /** One MVT layer per entry, e.g. { wards, roads, water, landmarks }. */
  layers: Record<string, FeatureCollection>;
  outDir: string;
  /** File stem: `<baseName>.mbtiles` and `<baseName>.pmtiles`. */
  baseName: string;
  /** Shown as the basemap's name once opened. */
  title: string;
  attribution?: string;
  description?: string;
  minZoom?: number;
  maxZoom?: number;
}

export interface BasemapBuildResult {
  mbtilesPath: string;
  pmtilesPath: string;
  tileCount: number;
  bounds: [number, number, number, number];
}

/** Tiles the layers once and writes the same tiles as both MBTiles and PMTiles. */
export async function buildBasemapFiles(input: BasemapBuildInput): Promise<BasemapBuildResult> {
  const set = buildVectorTiles(input.layers, { minZoom: input.minZoom ?? 10, maxZoom: input.maxZoom ?? 16 });
  const [w, s, e, n] = set.bounds;
  const center = { lon: (w + e) / 2, lat: (s + n) / 2, zoom: Math.min(set.maxZoom, Math.max(set.minZoom, 13)) };
  const tilejson = {
    name: input.title,
    format: 'pbf',
    description: input.description ?? '',
    attribution: input.attribution ?? '',
    vector_layers: set.vectorLayers,
  };

  const mbtiles = await encodeMbtiles({
    tiles: set.tiles,
    metadata: {
      name: input.title,
      format: 'pbf',
      type: 'baselayer',
      version: '1',
      description: tilejson.description,
      attribution: tilejson.attribution,
      minzoom: String(set.minZoom),
      maxzoom: String(set.maxZoom),
      bounds: set.bounds.join(','),
      center: `${center.lon},${center.lat},${center.zoom}`,
      json: JSON.stringify({ vector_layers: set.vectorLayers }),
    },
  });
  const pmtiles = encodePmtiles({ tiles: set.tiles, metadata: tilejson, minZoom: set.minZoom, maxZoom: set.maxZoom, bounds: set.bounds, center });

  await mkdir(input.outDir, { recursive: true });
  const mbtilesPath = join(input.outDir, `${input.baseName}.mbtiles`);
  const pmtilesPath = join(input.outDir, `${input.baseName}.pmtiles`);
  await writeAtomically(mbtilesPath, mbtiles);
  await writeAtomically(pmtilesPath, pmtiles);
  return { mbtilesPath, pmtilesPath, tileCount: set.tiles.length, bounds: set.bounds };
}

/** A half-written basemap would be refused as truncated; write beside it and rename into place. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}
