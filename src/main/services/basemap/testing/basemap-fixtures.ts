import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { buildBasemapFiles, type BasemapBuildResult } from '../authoring/build-basemap-files';
import { encodeMbtiles } from '../authoring/mbtiles-writer';
import { loadSqlJs } from '../sql-js';
import { sampleCityLayers } from './sample-city';

/** Good MBTiles and PMTiles of the sample city, zoom 10–15, written into `dir`. */
export function writeSampleBasemaps(dir: string): Promise<BasemapBuildResult> {
  return buildBasemapFiles({
    layers: sampleCityLayers(),
    outDir: dir,
    baseName: 'sample-city',
    title: 'Đông Hà (mẫu)',
    minZoom: 10,
    maxZoom: 15,
  });
}

/** A real 2×2 PNG image. */
export function pngBytes(): Uint8Array {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

/** Ways a basemap file goes wrong in practice, each written as its own file. */
export const badBasemapFiles = {
  async empty(dir: string) {
    const path = join(dir, 'empty.mbtiles');
    await writeFile(path, new Uint8Array(0));
    return path;
  },
  async pngRenamed(dir: string) {
    const path = join(dir, 'photo.mbtiles');
    await writeFile(path, pngBytes());
    return path;
  },
  /** A copy cut short: by default to half its length. */
  async truncatedCopy(source: string, dir: string, keep: (size: number) => number = (size) => Math.floor(size / 2)) {
    const size = (await readFile(source)).length;
    const kept = keep(size);
    const path = join(dir, `truncated-${kept}-${source.split('/').pop()}`);
    await copyFile(source, path);
    await truncate(path, kept);
    return path;
  },
  async rasterMbtiles(dir: string) {
    const path = join(dir, 'raster.mbtiles');
    const bytes = await encodeMbtiles({
      tiles: [{ z: 0, x: 0, y: 0, data: pngBytes() }],
      metadata: { name: 'satellite', format: 'png', minzoom: '0', maxzoom: '0' },
      tileCompression: 'none',
    });
    await writeFile(path, bytes);
    return path;
  },
  async rasterMbtilesWithoutFormat(dir: string) {
    const path = join(dir, 'raster-no-format.mbtiles');
    const bytes = await encodeMbtiles({ tiles: [{ z: 0, x: 0, y: 0, data: pngBytes() }], metadata: { name: 'x' }, tileCompression: 'none' });
    await writeFile(path, bytes);
    return path;
  },
  async sqliteWithoutTables(dir: string) {
    return sqliteFile(join(dir, 'notes.mbtiles'), 'CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (\'hello\');');
  },
  async tilesTableMissingColumn(dir: string) {
    return sqliteFile(
      join(dir, 'odd-schema.mbtiles'),
      'CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, x INTEGER, y INTEGER, tile_data BLOB);',
    );
  },
  /** A copy of a PMTiles file with one header byte changed. */
  async patchedPmtiles(source: string, dir: string, name: string, byteOffset: number, value: number) {
    const bytes = new Uint8Array(await readFile(source));
    bytes[byteOffset] = value;
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  },
};

async function sqliteFile(path: string, sql: string): Promise<string> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run(sql);
  await writeFile(path, db.export());
  db.close();
  return path;
}
