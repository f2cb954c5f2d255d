/**
 * Builds a city's offline vector-tile basemap (MBTiles and PMTiles) from its basemap GeoJSON:
 * an example of "the city's own basemap file" that Bản đồ → Bản đồ nền can open.
 *
 *   npx tsx scripts/build-basemap-tiles.ts [--in resources/demo-city] [--out out/basemap]
 *                                          [--name dong-ha] [--min 10] [--max 16]
 *
 * Reads wards.geojson, roads.geojson, water.geojson and landmarks.geojson from --in (each a
 * FeatureCollection) and city.json for the title and attribution when present.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { buildBasemapFiles } from '../src/main/services/basemap/authoring/build-basemap-files';

const LAYERS = ['wards', 'roads', 'water', 'landmarks'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      in: { type: 'string', default: 'resources/demo-city' },
      out: { type: 'string', default: 'out/basemap' },
      name: { type: 'string', default: 'dong-ha' },
      min: { type: 'string', default: '10' },
      max: { type: 'string', default: '16' },
    },
    strict: true,
  });
  const inDir = resolve(values.in);
  const layers: Record<string, FeatureCollection> = {};
  for (const layer of LAYERS) layers[layer] = await readCollection(join(inDir, `${layer}.geojson`));
  const city = await readCity(join(inDir, 'city.json'));

  const result = await buildBasemapFiles({
    layers,
    outDir: resolve(values.out),
    baseName: values.name,
    title: city.title ?? values.name,
    attribution: city.attribution,
    description: 'Offline vector basemap built by scripts/build-basemap-tiles.ts',
    minZoom: toZoom(values.min, '--min'),
    maxZoom: toZoom(values.max, '--max'),
  });
  process.stdout.write(
    `${result.tileCount} tiles, bounds ${result.bounds.map((v) => v.toFixed(5)).join(',')}\n` +
      `  ${result.mbtilesPath}\n  ${result.pmtilesPath}\n`,
  );
}

async function readCollection(path: string): Promise<FeatureCollection> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { type?: unknown; features?: unknown };
  if (parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new Error(`${path} is not a GeoJSON FeatureCollection`);
  }
  return parsed as FeatureCollection;
}

async function readCity(path: string): Promise<{ title?: string; attribution?: string }> {
  try {
    const city = JSON.parse(await readFile(path, 'utf8')) as { name?: { vi?: unknown }; attribution?: unknown };
    return {
      title: typeof city.name?.vi === 'string' ? city.name.vi : undefined,
      attribution: Array.isArray(city.attribution) ? city.attribution.filter((a) => typeof a === 'string').join(' · ') : undefined,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

function toZoom(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 22) throw new Error(`${flag} must be a whole number from 0 to 22, got "${text}"`);
  return n;
}

main().catch((err: unknown) => {
  process.stderr.write(`build-basemap-tiles: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
