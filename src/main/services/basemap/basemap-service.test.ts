import { mkdir, writeFile } from 'node:fs/promises';
import type { Point } from 'geojson';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contract/errors';
import type { BasemapBuildResult } from './authoring/build-basemap-files';
import { encodeMbtiles } from './authoring/mbtiles-writer';
import { buildVectorTiles } from './authoring/vector-tiles';
import { BasemapService, type BasemapServiceOptions } from './basemap-service';
import { badBasemapFiles, writeSampleBasemaps } from './testing/basemap-fixtures';
import { decodeTile } from './testing/decode-tile';
import { sampleCityLayers } from './testing/sample-city';
import { makeTempDir } from './testing/temp-dir';
import { latToTileY, lonToTileX } from './tile-coords';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let files: BasemapBuildResult;

beforeAll(async () => {
  temp = await makeTempDir();
  files = await writeSampleBasemaps(join(temp.dir, 'good'));
});
afterAll(() => temp.remove());

const services: BasemapService[] = [];
afterAll(async () => {
  for (const s of services) await s.dispose();
});

function makeService(options: BasemapServiceOptions = {}): BasemapService {
  const service = new BasemapService(options);
  services.push(service);
  return service;
}

/** The tile address that holds a point, at zoom z. */
function tileAt(lon: number, lat: number, z: number) {
  return { z, x: lonToTileX(lon, z), y: latToTileY(lat, z) };
}

const UBND = { lon: 107.093, lat: 16.819 };

async function expectRefusal(promise: Promise<unknown>, reason: string, message: RegExp): Promise<RpcError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the basemap to be refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RpcError);
  const rpc = err as RpcError;
  expect(rpc.code).toBe('INVALID_ARGUMENT');
  expect(rpc.details).toMatchObject({ reason });
  expect(rpc.message).toMatch(message);
  return rpc;
}

describe('BasemapService with no file open', () => {
  it('describes the built-in basemap and has no tiles', async () => {
    const service = makeService();
    expect(service.source()).toMatchObject({ kind: 'builtin', vectorLayers: ['wards', 'roads', 'water', 'landmarks'] });
    expect(service.currentPath()).toBeNull();
    expect(await service.tile(14, 13_064, 7_571)).toBeNull();
  });
});

describe.each([
  ['mbtiles', () => files.mbtilesPath],
  ['pmtiles', () => files.pmtilesPath],
] as const)('BasemapService reading a generated %s file', (kind, pathOf) => {
  let service: BasemapService;
  beforeAll(async () => {
    service = makeService();
    await service.open(pathOf());
  });

  it('reports what the file holds', () => {
    const source = service.source();
    expect(source).toMatchObject({ kind, name: 'Đông Hà (mẫu)', minZoom: 10, maxZoom: 15 });
    expect(source.vectorLayers.sort()).toEqual(['landmarks', 'roads', 'wards', 'water']);
    const [w, s, e, n] = source.bounds!;
    expect(w).toBeCloseTo(107.08, 4);
    expect(s).toBeCloseTo(16.805, 4);
    expect(e).toBeCloseTo(107.12, 4);
    expect(n).toBeCloseTo(16.835, 4);
    expect(service.currentPath()).toBe(pathOf());
  });

  it('serves uncompressed MVT whose features decode at the right place, names intact', async () => {
    const index = tileAt(UBND.lon, UBND.lat, 15);
    const bytes = await service.tile(index.z, index.x, index.y);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes![0]).toBe(0x1a); // an MVT layer field, not a gzip header
    const features = await decodeTile(bytes!, index);
    const ubnd = features.find((f) => f.properties?.name === 'UBND thành phố');
    expect(ubnd?.properties?.layerName).toBe('landmarks');
    // If rows were stored or read without the TMS flip, this tile would hold nothing of the city here.
    expect(ubnd!.geometry.type).toBe('Point');
    const [lon, lat] = (ubnd!.geometry as Point).coordinates as [number, number];
    expect(lon).toBeCloseTo(UBND.lon, 3);
    expect(lat).toBeCloseTo(UBND.lat, 3);
    expect(features.some((f) => f.properties?.layerName === 'wards' && f.properties.name === 'Phường 1')).toBe(true);
    expect(features.some((f) => f.properties?.layerName === 'roads' && f.properties.name === 'Hùng Vương')).toBe(true);
  });

  it('holds every layer somewhere at the lowest zoom', async () => {
    const index = tileAt(107.1, 16.82, 10);
    const features = await decodeTile((await service.tile(index.z, index.x, index.y))!, index);
    expect(new Set(features.map((f) => f.properties?.layerName))).toEqual(new Set(['wards', 'roads', 'water', 'landmarks']));
    expect(features.some((f) => f.properties?.name === 'Sông Hiếu')).toBe(true);
  });

  it('answers null outside the data and outside the zoom range, and the same bytes when asked again', async () => {
    expect(await service.tile(14, 0, 0)).toBeNull();
    const far = tileAt(UBND.lon, UBND.lat, 9);
    expect(await service.tile(far.z, far.x, far.y)).toBeNull();
    const deep = tileAt(UBND.lon, UBND.lat, 18);
    expect(await service.tile(deep.z, deep.x, deep.y)).toBeNull();
    const index = tileAt(UBND.lon, UBND.lat, 13);
    const first = await service.tile(index.z, index.x, index.y);
    expect(await service.tile(index.z, index.x, index.y)).toEqual(first);
  });

  it('refuses addresses outside the tile grid', async () => {
    await expect(service.tile(3, 8, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /x=8 is outside 0–7/ });
    await expect(service.tile(3, 0, -1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.tile(31, 0, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('BasemapService switching files', () => {
  it('gives the same tiles from MBTiles and PMTiles, and resets to the built-in basemap', async () => {
    const service = makeService();
    const index = tileAt(UBND.lon, UBND.lat, 14);
    await service.open(files.mbtilesPath);
    const fromMbtiles = await service.tile(index.z, index.x, index.y);
    await service.open(files.pmtilesPath);
    expect(service.source().kind).toBe('pmtiles');
    const fromPmtiles = await service.tile(index.z, index.x, index.y);
    expect(fromPmtiles).toEqual(fromMbtiles);

    expect(await service.reset()).toMatchObject({ kind: 'builtin' });
    expect(service.currentPath()).toBeNull();
    expect(await service.tile(index.z, index.x, index.y)).toBeNull();
  });

  it('keeps tile requests answering while the file is swapped under them', async () => {
    const service = makeService();
    await service.open(files.pmtilesPath);
    const addresses = [13, 14, 15].flatMap((z) => {
      const c = tileAt(UBND.lon, UBND.lat, z);
      return [c, { ...c, x: c.x + 1 }, { ...c, y: c.y + 1 }];
    });
    const reads = addresses.map((a) => service.tile(a.z, a.x, a.y));
    const swap = service.open(files.mbtilesPath).then(() => service.reset());
    const results = await Promise.all([...reads, swap]);
    expect(results).toHaveLength(addresses.length + 1);
    expect(service.source().kind).toBe('builtin');
  });

  it('applies opens in the order they were asked for', async () => {
    const service = makeService();
    await Promise.all([service.open(files.pmtilesPath), service.open(files.mbtilesPath)]);
    expect(service.source().kind).toBe('mbtiles');
  });

  it('refuses to open anything after dispose', async () => {
    const service = new BasemapService();
    await service.open(files.mbtilesPath);
    await service.dispose();
    await expect(service.open(files.pmtilesPath)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(service.source().kind).toBe('builtin');
  });
});

describe('BasemapService reading MBTiles variants', () => {
  const variants = async (dir: string) => {
    const set = buildVectorTiles(sampleCityLayers(), { minZoom: 12, maxZoom: 13 });
    const metadata = { name: 'variant', format: 'pbf', minzoom: '12', maxzoom: '13' };
    const write = async (name: string, bytes: Uint8Array) => {
      const path = join(dir, name);
      await writeFile(path, bytes);
      return path;
    };
    return {
      raw: await write('raw.mbtiles', await encodeMbtiles({ tiles: set.tiles, metadata, tileCompression: 'none' })),
      zlib: await write(
        'zlib.mbtiles',
        await encodeMbtiles({ tiles: set.tiles.map((t) => ({ ...t, data: deflateSync(t.data) })), metadata, tileCompression: 'none' }),
      ),
      noFormat: await write('no-format.mbtiles', await encodeMbtiles({ tiles: set.tiles, metadata: { name: 'no format' } })),
      original: set.tiles.find((t) => t.z === 13 && t.x === lonToTileX(UBND.lon, 13) && t.y === latToTileY(UBND.lat, 13))!,
    };
  };

  it('reads raw, zlib and gzip tiles alike, and vector files that omit their format', async () => {
    const dir = join(temp.dir, 'variants');
    await mkdir(dir, { recursive: true });
    const v = await variants(dir);
    const service = makeService();
    for (const path of [v.raw, v.zlib, v.noFormat]) {
      await service.open(path);
      expect(await service.tile(13, v.original.x, v.original.y)).toEqual(v.original.data);
    }
    // No minzoom/maxzoom rows: the range comes from the tiles themselves.
    expect(service.source()).toMatchObject({ name: 'no format', minZoom: 12, maxZoom: 13, vectorLayers: [] });
  });
});

describe('BasemapService refusing bad files', () => {
  let bad: string;
  let service: BasemapService;
  beforeAll(async () => {
    bad = join(temp.dir, 'bad');
    await mkdir(bad, { recursive: true });
    service = makeService({ limits: { maxMbtilesBytes: 2 * 1024 * 1024 } });
  });

  /** Every refusal must leave the basemap in use exactly as it was. */
  async function refusedAndUnchanged(path: string, reason: string, message: RegExp): Promise<void> {
    await service.open(files.pmtilesPath);
    const before = service.source();
    const index = tileAt(UBND.lon, UBND.lat, 14);
    const tileBefore = await service.tile(index.z, index.x, index.y);
    await expectRefusal(service.open(path), reason, message);
    expect(service.source()).toEqual(before);
    expect(service.currentPath()).toBe(files.pmtilesPath);
    expect(await service.tile(index.z, index.x, index.y)).toEqual(tileBefore);
  }

  it('an empty file', async () => {
    await refusedAndUnchanged(await badBasemapFiles.empty(bad), 'empty', /is empty/);
  });

  it('a PNG renamed .mbtiles', async () => {
    await refusedAndUnchanged(await badBasemapFiles.pngRenamed(bad), 'unknown-format', /not a PMTiles or MBTiles file: it looks like a PNG image/);
  });

  it('a raster MBTiles', async () => {
    await refusedAndUnchanged(await badBasemapFiles.rasterMbtiles(bad), 'not-vector', /raster MBTiles \(format png\)/);
  });

  it('a raster MBTiles that does not name its format', async () => {
    await refusedAndUnchanged(await badBasemapFiles.rasterMbtilesWithoutFormat(bad), 'not-vector', /holds image tiles/);
  });

  it('a SQLite file without the MBTiles tables', async () => {
    await refusedAndUnchanged(await badBasemapFiles.sqliteWithoutTables(bad), 'bad-schema', /lacks the metadata and tiles tables \(it has notes\)/);
  });

  it('an MBTiles whose tiles table lacks columns', async () => {
    await refusedAndUnchanged(await badBasemapFiles.tilesTableMissingColumn(bad), 'bad-schema', /tiles table lacks the columns tile_column, tile_row/);
  });

  it('a truncated MBTiles', async () => {
    await refusedAndUnchanged(await badBasemapFiles.truncatedCopy(files.mbtilesPath, bad), 'truncated', /is truncated: the SQLite database should be \d+ bytes/);
  });

  it('an MBTiles cut inside its header', async () => {
    await refusedAndUnchanged(await badBasemapFiles.truncatedCopy(files.mbtilesPath, bad, () => 60), 'truncated', /a SQLite header needs 100 bytes/);
  });

  it('a truncated PMTiles', async () => {
    await refusedAndUnchanged(await badBasemapFiles.truncatedCopy(files.pmtilesPath, bad, (size) => Math.floor(size * 0.6)), 'truncated', /is truncated: its tile data ends at byte/);
  });

  it('a PMTiles cut inside its header', async () => {
    const path = await badBasemapFiles.truncatedCopy(files.pmtilesPath, bad, () => 60);
    await refusedAndUnchanged(path, 'truncated', /a PMTiles header needs 127 bytes/);
  });

  it('a PMTiles of another spec version', async () => {
    const path = await badBasemapFiles.patchedPmtiles(files.pmtilesPath, bad, 'v2.pmtiles', 7, 2);
    await refusedAndUnchanged(path, 'unsupported-version', /PMTiles version 2; only version 3/);
  });

  it('a raster PMTiles', async () => {
    const path = await badBasemapFiles.patchedPmtiles(files.pmtilesPath, bad, 'raster.pmtiles', 99, 2);
    await refusedAndUnchanged(path, 'not-vector', /holds Png tiles/);
  });

  it('a PMTiles compressed with zstd', async () => {
    const path = await badBasemapFiles.patchedPmtiles(files.pmtilesPath, bad, 'zstd.pmtiles', 98, 4);
    await refusedAndUnchanged(path, 'unsupported-compression', /tiles use Zstd compression/);
  });

  it('a PMTiles whose root directory is garbage', async () => {
    const path = await badBasemapFiles.patchedPmtiles(files.pmtilesPath, bad, 'garbled.pmtiles', 127, 0);
    await refusedAndUnchanged(path, 'corrupt', /directory or metadata cannot be read/);
  });

  it('paths that are relative, missing, or a folder', async () => {
    await refusedAndUnchanged('good/sample-city.mbtiles', 'bad-path', /must be absolute/);
    await refusedAndUnchanged(join(bad, 'nowhere.pmtiles'), 'not-found', /no file at/);
    await refusedAndUnchanged(bad, 'not-a-file', /is a folder/);
    await refusedAndUnchanged(`${bad}/x\0.mbtiles`, 'bad-path', /NUL/);
  });

  it('an MBTiles over the size limit', async () => {
    const small = makeService({ limits: { maxMbtilesBytes: 4096 } });
    await expectRefusal(small.open(files.mbtilesPath), 'too-large', /MBTiles files up to 4\.0 KiB are accepted/);
    expect(small.source().kind).toBe('builtin');
  });
});
